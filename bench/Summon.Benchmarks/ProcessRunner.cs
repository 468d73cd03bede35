using System.Diagnostics;

namespace Summon.Benchmarks;

/// <summary>
/// The whole-process harness: runs commands to completion and times them from spawn to exit. Two commands are
/// alternated (A, B, A, B …) so drift on this shared machine (another build starting) hits both alike.
/// </summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public sealed record Command(string File, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null, string? WorkingDirectory = null);

    /// <summary>Runs once; returns milliseconds. Throws when the command fails, because a failed run is not a time.</summary>
    public static double Time(Command command)
    {
        var start = new ProcessStartInfo(command.File)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in command.Arguments)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in command.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.File}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command.File} {string.Join(' ', command.Arguments)} ran past {Deadline}");
        }
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command.File} {string.Join(' ', command.Arguments)} exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
        }
        return elapsed;
    }

    /// <summary>Runs a command and returns its standard output (for child probes that report a number).</summary>
    public static string Output(Command command)
    {
        var start = new ProcessStartInfo(command.File) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Arguments)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in command.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.File}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command.File} ran past {Deadline}");
        }
        process.WaitForExit();
        if (process.ExitCode == 0 && stderr.Result.Length > 0)
        {
            Log.Write(stderr.Result.TrimEnd());
        }
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"{command.File} exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
    }

    /// <summary>
    /// Runs <paramref name="a"/> and <paramref name="b"/> as <paramref name="pairs"/> pairs after one warm-up of each,
    /// the first of each pair alternating (A B, B A, …) so neither always runs on the other's warm page cache.
    /// </summary>
    public static Paired Alternate(Command a, Command b, int pairs, Action? beforeA = null, Action? beforeB = null)
    {
        double RunA()
        {
            beforeA?.Invoke();
            return Time(a);
        }
        double RunB()
        {
            beforeB?.Invoke();
            return Time(b);
        }
        RunA();
        RunB();
        var (ta, tb) = (new List<double>(), new List<double>());
        for (var i = 0; i < pairs; i++)
        {
            if (i % 2 == 0)
            {
                ta.Add(RunA());
                tb.Add(RunB());
            }
            else
            {
                tb.Add(RunB());
                ta.Add(RunA());
            }
        }
        return Paired.Of(ta, tb);
    }
}

/// <summary>This benchmark program as a child command.</summary>
internal static class Self
{
    private static string? packagedCopy;

    /// <summary>
    /// This program as an application that references the Summon package runs it: a copy of its folder whose Summon.dll
    /// is the package's ReadyToRun image for linux-x64, taken from a fixture host's output. The project reference this
    /// program builds with gives it Summon as IL, which a child would spend its first import compiling, and no
    /// application that takes the package does.
    /// </summary>
    public static ProcessRunner.Command Packaged(Workspace w, params string[] args)
    {
        if (packagedCopy is null)
        {
            var precompiled = Path.Combine(w.Host("Host1Summon"), "runtimes", "linux-x64", "lib", "net10.0", "Summon.dll");
            if (!File.Exists(precompiled))
            {
                // Packed with SummonReadyToRunRuntimes=none, or for another platform: the IL is what applications get then.
                Log.Write($"{precompiled} is missing, so child processes run Summon as IL");
                return new ProcessRunner.Command("dotnet", [typeof(Self).Assembly.Location, .. args]);
            }
            var copy = Path.Combine(w.Root, "bench-packaged");
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }
            FileTree.Copy(AppContext.BaseDirectory, copy);
            File.Copy(precompiled, Path.Combine(copy, "Summon.dll"), overwrite: true);
            packagedCopy = copy;
        }
        return new ProcessRunner.Command("dotnet", [Path.Combine(packagedCopy, Path.GetFileName(typeof(Self).Assembly.Location)), .. args]);
    }
}

/// <summary>Copies of fixture folders.</summary>
internal static class FileTree
{
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
