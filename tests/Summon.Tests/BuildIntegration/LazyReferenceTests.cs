using QuickStart;

namespace Summon.Tests.BuildIntegration;

/// <summary>
/// Summon="lazy" on a ProjectReference or a PackageReference, with SummonRepository and SummonTrustedRoot in the
/// project and no code: the application ships without the module and fetches it the first time it is touched.
/// </summary>
[Collection(BuildIntegrationCollection.Name)]
public sealed class LazyReferenceTests(BuildIntegrationFixture builds)
{
    public static TheoryData<string> Applications => [BuildIntegrationFixture.Built, BuildIntegrationFixture.SelfContained, BuildIntegrationFixture.FromPackages];

    [Theory]
    [MemberData(nameof(Applications))]
    public void The_module_is_neither_in_the_output_nor_in_deps_json(string application)
    {
        var (directory, name) = builds.Applications[application];

        Assert.True(File.Exists(Path.Combine(directory, name + ".dll")), $"{name}.dll was not built into {directory}");
        Assert.Empty(Directory.EnumerateFiles(directory, SampleApps.ModuleAssembly + ".*", SearchOption.AllDirectories));
        Assert.DoesNotContain(SampleApps.ModuleAssembly, File.ReadAllText(Path.Combine(directory, name + ".deps.json")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Applications))]
    public async Task The_module_is_fetched_on_first_use_then_loaded_from_the_cache_with_no_request(string application)
    {
        using var cache = new TempDirectory("lazy-cache-");
        builds.Requests.Clear();

        var first = await builds.RunAsync(application, cache.Path);
        var firstRequests = builds.Requests.Count(r => r.Path.Contains("/files/", StringComparison.Ordinal));
        builds.Requests.Clear();
        var second = await builds.RunAsync(application, cache.Path);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("from Acme.Extra 1.0.0", first.StandardOutput);
        Assert.True(firstRequests > 0, "the first run fetched no module file");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("from Acme.Extra 1.0.0", second.StandardOutput);
        Assert.Empty(builds.Requests);
    }

    [Fact]
    public void Preloading_is_opted_in_with_one_property_that_reaches_the_runtime_configuration()
    {
        static string RuntimeConfiguration((string Directory, string Name) application) =>
            File.ReadAllText(Path.Combine(application.Directory, application.Name + ".runtimeconfig.json"));

        Assert.Contains("\"Summon.PreloadCachedModules\": true", RuntimeConfiguration(builds.Applications[BuildIntegrationFixture.FromPackages]));
        Assert.DoesNotContain("Summon.PreloadCachedModules", RuntimeConfiguration(builds.Applications[BuildIntegrationFixture.Built]));
    }
}
