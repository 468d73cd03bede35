using System.IO.Compression;
using System.Xml.Linq;
using QuickStart;
using Summon.Tests.BuildIntegration;

namespace Summon.Tests.Packaging;

/// <summary>What `dotnet pack` makes of this clone, as users install it.</summary>
[Collection(BuildIntegrationCollection.Name)]
public sealed class PackageTests(BuildIntegrationFixture builds)
{
    [Fact]
    public async Task The_tool_package_installs_with_dotnet_tool_install_and_summon_help_runs()
    {
        using var tools = new TempDirectory("tool-path-");

        await SampleApps.DotnetAsync("tool", "install", "Summon.Cli", "--tool-path", tools.Path, "--add-source", builds.Feed, "--version", builds.PackageVersion);
        var help = await SampleApps.RunAsync(new System.Diagnostics.ProcessStartInfo(Path.Combine(tools.Path, "summon"), ["--help"]), TimeSpan.FromMinutes(1));

        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("summon", help.StandardOutput);
        Assert.Contains("publish", help.StandardOutput);
    }

    [Fact]
    public void The_Summon_package_carries_the_build_integration_for_direct_and_transitive_consumers()
    {
        using var package = ZipFile.OpenRead(Path.Combine(builds.Feed, $"Summon.{builds.PackageVersion}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Subset(entries, new HashSet<string> { "build/Summon.props", "build/Summon.targets", "buildTransitive/Summon.props", "buildTransitive/Summon.targets", "lib/net8.0/Summon.dll", "lib/net8.0/Summon.xml" });
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    [InlineData("osx-arm64")]
    [InlineData("win-x64")]
    public void The_Summon_package_carries_Summon_compiled_ahead_of_time_for_dotnet_10_on(string runtime)
    {
        using var package = ZipFile.OpenRead(Path.Combine(builds.Feed, $"Summon.{builds.PackageVersion}.nupkg"));
        var entry = package.GetEntry($"runtimes/{runtime}/lib/net10.0/Summon.dll");

        Assert.NotNull(entry);
        Assert.True(IsReadyToRun(entry), $"{entry.FullName} holds IL only");
    }

    [LinuxFact]
    public void A_package_consumer_on_linux_x64_runs_the_ahead_of_time_image()
    {
        var (directory, name) = builds.Applications[BuildIntegrationFixture.FromPackages];
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + ".deps.json")));
        var summon = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value.GetProperty($"Summon/{builds.PackageVersion}");
        var target = summon.GetProperty("runtimeTargets").GetProperty("runtimes/linux-x64/lib/net10.0/Summon.dll");

        Assert.Equal("linux-x64", target.GetProperty("rid").GetString());
        Assert.True(File.Exists(Path.Combine(directory, "runtimes", "linux-x64", "lib", "net10.0", "Summon.dll")));
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open())
        {
            source.CopyTo(stream);
        }
        stream.Position = 0;
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    [Fact]
    public void The_Summon_package_depends_on_nothing_but_NuGet_Versioning_and_NuGet_Frameworks()
    {
        using var package = ZipFile.OpenRead(Path.Combine(builds.Feed, $"Summon.{builds.PackageVersion}.nupkg"));
        using var nuspec = package.GetEntry("Summon.nuspec")!.Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Distinct().Order();

        Assert.Equal(["NuGet.Frameworks", "NuGet.Versioning"], dependencies);
    }
}
