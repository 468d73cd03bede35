using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Summon.FaultInjection;
using Summon.Publishing;
using Xunit.Abstractions;

namespace Summon.Tests.FaultSuite;

/// <summary>
/// The fault suite: real <c>summon prefetch</c> processes against a fault-injecting server on 127.0.0.1, one scenario per
/// way a repository or the network can misbehave, plus concurrent processes and random kills. Every run must survive
/// (succeed, or fail with one clear line and a non-zero exit, never a crash or a hang), leave a cache that
/// <c>summon cache verify</c> finds clean, and never install bytes other than the published ones.
/// </summary>
public sealed class FaultSuite(ITestOutputHelper output)
{
    private const string ModuleId = "fault.data";
    private const string Version = "1.0.0";
    private const string ModuleFiles = "targets/modules/fault.data/1.0.0/files/**";
    private const string ModuleIndex = "targets/modules/*/*.index.json";

    /// <summary>Scenarios that exposed a bug outside the suite: printed, marked, and left out of the assertion.</summary>
    private static readonly HashSet<string> KnownFailures = [];

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Every_fault_scenario_survives_with_clean_caches_and_verified_loads()
    {
        var total = Stopwatch.StartNew();
        await using var bed = await Bed.CreateAsync();
        // A stall longer than the client's 15 s stall timeout on every attempt must fail cleanly. It takes about a
        // minute of waiting (4 attempts), so it runs beside the other scenarios, against a server of its own.
        await using var stallBed = await Bed.CreateAsync();
        var longStall = Task.Run(() => LongStallAsync(stallBed));

        var tallies = new List<Tally>
        {
            await FaultRunsAsync(bed, "truncate", "truncate=300000,times=2", "truncate=300000"),
            await FaultRunsAsync(bed, "reset", (ModuleFiles, "reset,times=2"), (ModuleFiles, "reset"), ("**", "reset,times=2")),
            await FaultRunsAsync(bed, "stall (2 s, under the stall timeout)", "stall=2s,stall-after=100000,times=2"),
            await FaultRunsAsync(bed, "slow drip (1 MB/s)", "drip=1000000"),
            await FaultRunsAsync(bed, "wrong length", (ModuleFiles, "length-delta=1000,times=2"), (ModuleFiles, "length-delta=-1000"), (ModuleIndex, "length-delta=1000,times=1")),
            await FaultRunsAsync(bed, "flipped bytes", (ModuleFiles, "flip=12345,times=1"), (ModuleFiles, "flip=12345"), (ModuleIndex, "flip=10")),
            await FaultRunsAsync(bed, "5xx burst", ("**", "status=503,times=3"), ("**", "status=500")),
            await FaultRunsAsync(bed, "429", ("**", "status=429,retry-after=1,times=2"), ("**", "status=429,retry-after=120")),
            await FaultRunsAsync(bed, "redirect loop", (ModuleFiles, "redirect-loop"), (ModuleIndex, "redirect-loop")),
            await FaultRunsAsync(bed, "endless body", (ModuleFiles, "endless"), (ModuleIndex, "endless")),
            await FaultRunsAsync(bed, "huge body", (ModuleFiles, "huge=50000000"), (ModuleIndex, "huge=50000000")),
            await HttpsDowngradeAsync(bed),
            await ConcurrentAsync(bed, processes: 4),
            await KillsAsync(bed, kills: 3),
        };
        tallies.Insert(3, await longStall);

        var table = Table(tallies, total.Elapsed);
        output.WriteLine(table);
        Console.WriteLine(table);
        foreach (var tally in tallies)
        {
            foreach (var note in tally.Notes)
            {
                output.WriteLine($"{tally.Scenario}: {note}");
            }
        }

        var asserted = tallies.Where(t => !KnownFailures.Contains(t.Scenario)).ToList();
        Assert.All(asserted, t => Assert.True(t.Corrupted == 0, $"{t.Scenario}: {t.Corrupted} corrupted caches; {string.Join(" | ", t.Notes)}"));
        Assert.All(asserted, t => Assert.True(t.Unverified == 0, $"{t.Scenario}: {t.Unverified} unverified loads; {string.Join(" | ", t.Notes)}"));
        Assert.All(asserted, t => Assert.True(t.Survived == t.Runs, $"{t.Scenario}: {t.Survived}/{t.Runs} survived; {string.Join(" | ", t.Notes)}"));
    }

    private static Task<Tally> FaultRunsAsync(Bed bed, string scenario, params string[] faults) =>
        FaultRunsAsync(bed, scenario, [.. faults.Select(f => (ModuleFiles, f))]);

    /// <summary>One run per fault, each with a fresh cache, the fault injected alone.</summary>
    private static async Task<Tally> FaultRunsAsync(Bed bed, string scenario, params (string Pattern, string Fault)[] faults)
    {
        var tally = new Tally(scenario);
        var started = Stopwatch.StartNew();
        foreach (var (pattern, fault) in faults)
        {
            bed.Server.ClearFaults();
            bed.Server.Inject(pattern, FaultSpec.Parse(fault));
            var cache = bed.NewCache();
            var run = await bed.PrefetchAsync(cache, RunTimeout);
            bed.Server.ClearFaults();
            await tally.RecordAsync(bed, cache, run, $"{pattern}:{fault}");
        }
        tally.Notes.Add($"{started.Elapsed.TotalSeconds:0.0} s");
        return tally;
    }

    /// <summary>
    /// An https repository whose module file redirects to plain http: the client must refuse the downgrade. A plain
    /// https run first shows the test certificate is trusted (through <c>SSL_CERT_FILE</c>), so the refusal is the downgrade's.
    /// </summary>
    private static async Task<Tally> HttpsDowngradeAsync(Bed bed)
    {
        var tally = new Tally("https to http redirect");
        await using var https = await FaultServer.StartAsync(bed.RepositoryFolder, new FaultServerOptions { Https = true });
        var certificate = bed.Combine("loopback.pem");
        await File.WriteAllTextAsync(certificate, https.Certificate!.ExportCertificatePem());
        var environment = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = certificate, ["SSL_CERT_DIR"] = bed.Combine("no-cert-dir") };

        var control = bed.NewCache();
        var run = await bed.RunAsync(RunTimeout, bed.Arguments(control, https.Url, "prefetch", ModuleId), environment);
        await tally.RecordAsync(bed, control, run, "https without faults");
        if (run.ExitCode != 0)
        {
            tally.Notes.Add("the plain https run failed, so the downgrade run would prove nothing");
            return tally;
        }

        var file = Path.GetRelativePath(bed.RepositoryFolder, Directory.EnumerateFiles(bed.Combine("repo", "targets", "modules", ModuleId, Version, "files"), "*data0.bin").Single()).Replace('\\', '/');
        https.Inject(ModuleFiles, new Fault { RedirectTo = new Uri(bed.Server.Url, file) });
        var downgraded = bed.NewCache();
        run = await bed.RunAsync(RunTimeout, bed.Arguments(downgraded, https.Url, "prefetch", ModuleId), environment);
        await tally.RecordAsync(bed, downgraded, run, "https redirected to http");
        if (run.ExitCode == 0)
        {
            tally.Notes.Add("the client followed a redirect from https to http");
        }
        return tally;
    }

    private static async Task<Tally> LongStallAsync(Bed bed)
    {
        var tally = new Tally("stall (17 s, over the 15 s stall timeout)");
        bed.Server.Inject(ModuleFiles, FaultSpec.Parse("stall=17s,stall-after=100000"));
        var cache = bed.NewCache();
        var run = await bed.PrefetchAsync(cache, TimeSpan.FromSeconds(85));
        bed.Server.ClearFaults();
        await tally.RecordAsync(bed, cache, run, "stall=17s,stall-after=100000");
        return tally;
    }

    /// <summary>N processes prefetch the same module into one cache at once, the files dripping so they overlap.</summary>
    private static async Task<Tally> ConcurrentAsync(Bed bed, int processes)
    {
        var tally = new Tally($"{processes} concurrent processes");
        bed.Server.Inject(ModuleFiles, FaultSpec.Parse("drip=2000000"));
        var cache = bed.NewCache();
        var runs = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => bed.PrefetchAsync(cache, RunTimeout)));
        bed.Server.ClearFaults();
        foreach (var run in runs)
        {
            tally.RecordRun(bed, cache, run, "concurrent");
        }
        await tally.RecordCacheAsync(bed, cache, "after all of them");
        return tally;
    }

    /// <summary>K prefetches killed (SIGKILL) at random points of a slow download, then a normal run that must complete.</summary>
    private static async Task<Tally> KillsAsync(Bed bed, int kills)
    {
        var tally = new Tally($"{kills} random kills, then a normal run");
        var cache = bed.NewCache();
        var random = new Random(5);
        bed.Server.Inject(ModuleFiles, FaultSpec.Parse("drip=500000"));
        for (var kill = 0; kill < kills; kill++)
        {
            using var process = Bed.Start(bed.Arguments(cache, "prefetch", ModuleId));
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await Task.Delay(random.Next(300, 3000));
            var exitedBeforeKill = process.HasExited;
            if (!exitedBeforeKill)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            var run = new Run(exitedBeforeKill ? process.ExitCode : 0, await stdout, await stderr, Hung: false, Killed: !exitedBeforeKill);
            tally.RecordRun(bed, cache, run, $"kill {kill + 1}");
            await tally.RecordCacheAsync(bed, cache, $"after kill {kill + 1}");
        }
        bed.Server.ClearFaults();
        var final = await bed.PrefetchAsync(cache, RunTimeout);
        if (final.ExitCode != 0)
        {
            tally.Notes.Add($"the run after the kills failed: {final.StandardError.Trim()}");
            tally.Survived--;
        }
        await tally.RecordAsync(bed, cache, final, "after the kills");
        return tally;
    }

    private static string Table(IReadOnlyList<Tally> tallies, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | runs | survived | corrupted caches | unverified loads |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var t in tallies)
        {
            var name = KnownFailures.Contains(t.Scenario) ? $"{t.Scenario} (KNOWN FAILURE, not asserted)" : t.Scenario;
            text.AppendLine($"| {name} | {t.Runs} | {t.Survived} | {t.Corrupted} | {t.Unverified} |");
        }
        text.AppendLine($"| **total** | {tallies.Sum(t => t.Runs)} | {tallies.Sum(t => t.Survived)} | {tallies.Sum(t => t.Corrupted)} | {tallies.Sum(t => t.Unverified)} |");
        text.Append($"({elapsed.TotalSeconds:0} s)");
        return text.ToString();
    }

    private sealed record Run(int ExitCode, string StandardOutput, string StandardError, bool Hung, bool Killed = false)
    {
        public string Output => $"exit {ExitCode}; stderr: {StandardError.Trim()}; stdout: {StandardOutput.Trim()}";
    }

    private sealed class Tally(string scenario)
    {
        public string Scenario { get; } = scenario;

        public int Runs { get; set; }

        public int Survived { get; set; }

        public int Corrupted { get; set; }

        public int Unverified { get; set; }

        public List<string> Notes { get; } = [];

        public async Task RecordAsync(Bed bed, string cache, Run run, string label)
        {
            RecordRun(bed, cache, run, label);
            await RecordCacheAsync(bed, cache, label);
        }

        /// <summary>Counts the run, whether it survived, and whether what it left installed has the published bytes.</summary>
        public void RecordRun(Bed bed, string cache, Run run, string label)
        {
            Runs++;
            var why = Failure(run);
            if (why is null)
            {
                Survived++;
            }
            else
            {
                Notes.Add($"{label}: {why}: {run.Output}");
            }
            Notes.Add($"{label}: {(run.Killed ? "killed" : run.ExitCode == 0 ? "succeeded" : $"failed, exit {run.ExitCode}: {run.StandardError.Trim()}")}");
            // A module folder that exists counts as loaded: its bytes must be the published ones.
            if ((run.ExitCode == 0 && !run.Killed) || Directory.Exists(bed.ModuleFolder(cache)))
            {
                var mismatch = bed.InstalledMismatch(cache);
                if (mismatch is not null)
                {
                    Unverified++;
                    Notes.Add($"{label}: unverified load: {mismatch}");
                }
            }
        }

        public async Task RecordCacheAsync(Bed bed, string cache, string label)
        {
            if (!Directory.Exists(cache))
            {
                return;
            }
            var verify = await bed.RunAsync(RunTimeout, bed.Arguments(cache, "cache", "verify"));
            if (verify.ExitCode != 0 || verify.Hung)
            {
                Corrupted++;
                Notes.Add($"{label}: cache verify: {verify.Output}");
            }
        }

        /// <summary>Null when the run survived: it succeeded, or exited non-zero with one clear line and no stack trace.</summary>
        private static string? Failure(Run run)
        {
            if (run.Killed)
            {
                return null;
            }
            if (run.Hung)
            {
                return "hung";
            }
            if (run.ExitCode == 0)
            {
                return null;
            }
            var all = run.StandardOutput + run.StandardError;
            if (all.Contains("   at ", StringComparison.Ordinal) || all.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
            {
                return "crashed with a stack trace";
            }
            if (run.ExitCode >= 128 || run.ExitCode < 0)
            {
                return "died of a signal";
            }
            var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 1 ? null : $"{lines.Length} lines of error instead of one";
        }
    }

    /// <summary>A repository with one module (five files, one of 2 MB) behind a fault server, and fresh caches for runs.</summary>
    private sealed class Bed : IAsyncDisposable
    {
        private static readonly int[] FileSizes = [2_000_000, 60_000, 8_000, 1_500, 100];

        private readonly TempDirectory work = new("faultsuite-");
        private int caches;

        public FaultServer Server { get; private set; } = null!;

        private string Source => work.Combine("src", ModuleId, Version);

        private string TrustedRoot => work.Combine("repo", "metadata", "1.root.json");

        public static async Task<Bed> CreateAsync()
        {
            var bed = new Bed();
            RepositoryEditor.Init(bed.work.Combine("repo"), bed.work.Combine("keys")).Dispose();
            Directory.CreateDirectory(bed.Source);
            for (var i = 0; i < FileSizes.Length; i++)
            {
                var content = new byte[FileSizes[i]];
                new Random(i).NextBytes(content);
                await File.WriteAllBytesAsync(Path.Combine(bed.Source, $"data{i}.bin"), content);
            }
            using (var editor = RepositoryEditor.Open(bed.work.Combine("repo"), bed.work.Combine("keys")))
            {
                editor.Publish(bed.Source, ModuleId, Version, new Dictionary<string, string>());
            }
            // Endless and huge bodies are bounded here too, in case the client failed to bound them.
            bed.Server = await FaultServer.StartAsync(bed.work.Combine("repo"), new FaultServerOptions { MaxEndlessBytes = 64L << 20 });
            return bed;
        }

        public string NewCache() => work.Combine($"cache{Interlocked.Increment(ref caches)}");

        public string ModuleFolder(string cache) => Path.Combine(cache, "v1", "modules", ModuleId, Version);

        public string RepositoryFolder => work.Combine("repo");

        public string Combine(params string[] parts) => work.Combine(parts);

        public string[] Arguments(string cache, params string[] command) => Arguments(cache, Server.Url, command);

        // --quiet: a failure must be one line on stderr, and the progress lines a redirected download prints are not errors.
        public string[] Arguments(string cache, Uri repository, params string[] command) =>
            [.. command, "--quiet", "--repository", repository.ToString(), "--trusted-root", TrustedRoot, "--cache-dir", cache];

        public Task<Run> PrefetchAsync(string cache, TimeSpan timeout) => RunAsync(timeout, Arguments(cache, "prefetch", ModuleId));

        /// <summary>Null when every published file is installed with the same SHA-256; else what differs.</summary>
        public string? InstalledMismatch(string cache)
        {
            foreach (var source in Directory.EnumerateFiles(Source))
            {
                var installed = Path.Combine(ModuleFolder(cache), Path.GetFileName(source));
                if (!File.Exists(installed))
                {
                    return $"{Path.GetFileName(source)} is missing from {ModuleFolder(cache)}";
                }
                if (!Sha256(installed).SequenceEqual(Sha256(source)))
                {
                    return $"{Path.GetFileName(source)} differs from the published bytes";
                }
            }
            return null;
        }

        private static byte[] Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return SHA256.HashData(stream);
        }

        public static Process Start(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "summon-tool", "Summon.Cli.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["SUMMON_REPOSITORY"] = null;
            start.Environment["SUMMON_TRUSTED_ROOT"] = null;
            start.Environment["SUMMON_CACHE_DIR"] = null;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                start.Environment[name] = value;
            }
            return Process.Start(start) ?? throw new InvalidOperationException("could not start the summon tool");
        }

        /// <summary>Runs the tool to its end, or kills it at <paramref name="timeout"/> and calls that a hang.</summary>
        public async Task<Run> RunAsync(TimeSpan timeout, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
        {
            using var process = Start(arguments, environment);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return new Run(-1, await stdout, await stderr, Hung: true);
            }
            return new Run(process.ExitCode, await stdout, await stderr, Hung: false);
        }

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
            work.Dispose();
        }
    }
}
