using Summon.Trust;

namespace Summon.Tests.Trust.Simulator;

/// <summary>A simulated repository, a client metadata directory holding its first root, and updaters over them.</summary>
public abstract class TrustTestBase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "summon-trust-" + Guid.NewGuid().ToString("N"));

    private protected TrustTestBase(bool consistentSnapshot = true, Func<TestKey>? newKey = null)
    {
        Repo = new RepositorySimulator(consistentSnapshot, newKey);
        Directory.CreateDirectory(MetadataDirectory);
        File.WriteAllBytes(Path.Combine(MetadataDirectory, "root.json"), Repo.SignedRoots[0]);
    }

    private protected RepositorySimulator Repo { get; }

    private protected FixedClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected string MetadataDirectory => Path.Combine(_directory, "metadata");

    protected string TargetDirectory => Path.Combine(_directory, "targets");

    private protected Updater NewUpdater(UpdaterOptions? options = null) =>
        new(MetadataDirectory, RepositorySimulator.MetadataUrl, RepositorySimulator.TargetsUrl, Repo, options, Clock);

    private protected async Task RefreshAsync(UpdaterOptions? options = null) => await NewUpdater(options).RefreshAsync(CancellationToken.None);

    private protected async Task<TrustException> RefreshFailsAsync(UpdaterOptions? options = null) =>
        await Assert.ThrowsAsync<TrustException>(() => NewUpdater(options).RefreshAsync(CancellationToken.None));

    /// <summary>The version of the role's trusted file in the metadata directory, or null if there is none.</summary>
    protected long? LocalVersion(string role)
    {
        var path = Path.Combine(MetadataDirectory, RoleFileName.ForRole(role));
        if (!File.Exists(path))
        {
            return null;
        }
        var envelope = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(path))!;
        return (long)envelope["signed"]!["version"]!;
    }

    protected byte[] LocalBytes(string role) => File.ReadAllBytes(Path.Combine(MetadataDirectory, RoleFileName.ForRole(role)));

    protected string[] LocalFiles() => Directory.GetFiles(MetadataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
