using Summon;
using Summon.ConformanceClient;
using Summon.Transport;
using Summon.Trust;

// A thin shell over Summon's TUF client for the tuf-conformance suite: `init`, `refresh` and `download` as
// CLIENT-CLI.md defines them. Exit 0 on success, 1 on any failure (with the reason on stderr).
try
{
    var line = CommandLine.Parse(args);
    switch (line.Command)
    {
        case "init":
            Init(line);
            break;
        case "refresh":
            await NewUpdater(line, targetBaseUrl: null).RefreshAsync(CancellationToken.None);
            break;
        case "download":
            await DownloadAsync(line);
            break;
        default:
            throw new UsageException(line.Command is null ? "no command given" : $"unknown command {line.Command}");
    }
    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine($"summon-tuf-client: {e.Message}");
    Console.Error.WriteLine("usage: summon-tuf-client --metadata-dir DIR init TRUSTED_ROOT");
    Console.Error.WriteLine("       summon-tuf-client --metadata-dir DIR --metadata-url URL refresh");
    Console.Error.WriteLine("       summon-tuf-client --metadata-dir DIR --metadata-url URL --target-name PATH --target-base-url URL --target-dir DIR download");
    return 1;
}
catch (Exception e) when (e is SummonException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"summon-tuf-client: {e.Message}");
    return 1;
}

static void Init(CommandLine line)
{
    var directory = line.Require(line.MetadataDir, "--metadata-dir");
    var trustedRoot = line.Operands.Count == 1 ? line.Operands[0] : throw new UsageException("init needs exactly one TRUSTED_ROOT file");
    Directory.CreateDirectory(directory);
    // The protocol asks for no checks here: the root is verified on every refresh before anything is fetched.
    Summon.Cache.AtomicFile.Write(Path.Combine(directory, "root.json"), File.ReadAllBytes(trustedRoot));
}

static async Task DownloadAsync(CommandLine line)
{
    var targetDir = line.Require(line.TargetDir, "--target-dir");
    var targetBaseUrl = line.Require(line.TargetBaseUrl, "--target-base-url");
    if (line.TargetNames.Count == 0)
    {
        throw new UsageException("download needs --target-name");
    }
    var updater = NewUpdater(line, targetBaseUrl);
    foreach (var name in line.TargetNames)
    {
        var target = await updater.GetTargetInfoAsync(name, CancellationToken.None)
            ?? throw new SummonException($"The repository does not sign a target named \"{name}\".");
        var path = Path.Combine(targetDir, Updater.TargetFileName(target));
        if (!Updater.IsCachedTarget(target, path))
        {
            await updater.DownloadTargetToFileAsync(target, path, targetBaseUrl, CancellationToken.None);
        }
    }
}

static Updater NewUpdater(CommandLine line, Uri? targetBaseUrl)
{
    var metadataUrl = line.Require(line.MetadataUrl, "--metadata-url");
    var options = line.MaxRootRotations is { } rotations ? new UpdaterOptions { MaxRootRotations = rotations } : null;
    var clock = line.DaysInFuture == 0 ? TimeProvider.System : new ShiftedClock(TimeSpan.FromDays(line.DaysInFuture));
    return new Updater(line.Require(line.MetadataDir, "--metadata-dir"), metadataUrl, targetBaseUrl ?? metadataUrl, new HttpFetcher(), options, clock);
}
