using QuickStart;

namespace Summon.Tests.EndToEnd;

/// <summary>
/// Builds the sample host (published as it would ship, without the module) and two versions of the module,
/// once for every end-to-end test.
/// </summary>
public sealed class SampleBuildFixture : IAsyncLifetime
{
    private readonly TempDirectory builds = new("builds-");

    public string HostDirectory => builds.Combine("host");

    public string ModuleVersion1 => builds.Combine("module-1.0.0");

    public string ModuleVersion2 => builds.Combine("module-2.0.0");

    public async Task InitializeAsync()
    {
        // One after another: two builds of the same project at once would race on its obj folder.
        await SampleApps.BuildModuleAsync("1.0.0", ModuleVersion1);
        await SampleApps.BuildModuleAsync("2.0.0", ModuleVersion2);
        await SampleApps.BuildHostAsync(HostDirectory);
    }

    public Task DisposeAsync()
    {
        builds.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<SampleBuildFixture>
{
    public const string Name = "end to end";
}
