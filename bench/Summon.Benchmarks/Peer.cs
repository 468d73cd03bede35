namespace Summon.Benchmarks;

/// <summary>
/// peer: the same package used for the first time and then again, through <c>dotnet run app.cs</c> with
/// <c>#:package</c> from a local folder feed, against the Summon host importing the same assembly. Both are whole
/// processes; "cold" is an empty package folder (NUGET_PACKAGES) and a never-built app path for dotnet, an empty
/// cache for Summon. The ratio is baseline / Summon: how many times faster Summon is.
/// </summary>
internal static class Peer
{
    public static Task RunAsync(Workspace w)
    {
        var runs = w.Quick ? 1 : 3;
        // Outside the repository, so its Directory.Build.props (warnings as errors, style) does not apply to app.cs.
        var root = Directory.CreateTempSubdirectory("summon-bench-peer-").FullName;
        try
        {
            var feed = Path.Combine(root, "feed");
            ProcessRunner.Time(new("dotnet", ["pack", Path.Combine(w.Src, "Bench.Mod0", "Bench.Mod0.csproj"), "-c", "Release", "-o", feed, "-nologo"]));
            var host = w.Host("Host1Summon");
            w.Configure(host);
            // The same host published ReadyToRun (bench/run.sh publishes it): what an application that cares about its
            // first import gets from the documented recommendation, next to the plain build the figure is defined on.
            var r2rHost = Path.Combine(w.Root, "r2r", "Host1Summon");
            var withR2r = Directory.Exists(r2rHost);
            if (withR2r)
            {
                w.Configure(r2rHost);
            }
            var env = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
            var (dotCold, dotWarm, sumCold, sumWarm) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            var (r2rCold, r2rWarm) = (new List<double>(), new List<double>());
            for (var i = 0; i < runs; i++)
            {
                var app = Path.Combine(root, $"app{i}");
                Directory.CreateDirectory(app);
                File.WriteAllText(Path.Combine(app, "app.cs"), """
                    #:package Bench.Mod0@1.0.0
                    #:property PublishAot=false
                    return Bench.Mod0.Entry.Touch() == 1 ? 0 : 1;
                    """);
                File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                    <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
                    """);
                var appEnv = new Dictionary<string, string>(env) { ["NUGET_PACKAGES"] = Path.Combine(root, $"packages{i}") };
                var run = new ProcessRunner.Command("dotnet", ["run", "app.cs"], appEnv, app);
                dotCold.Add(ProcessRunner.Time(run));
                dotWarm.Add(ProcessRunner.Time(run));

                var cache = w.FreshCache("peer");
                var summon = new ProcessRunner.Command("dotnet", [Path.Combine(host, "Host1Summon.dll")], new Dictionary<string, string> { ["SUMMON_CACHE_DIR"] = cache });
                sumCold.Add(ProcessRunner.Time(summon));
                sumWarm.Add(ProcessRunner.Time(summon));
                if (withR2r)
                {
                    var r2r = new ProcessRunner.Command("dotnet", [Path.Combine(r2rHost, "Host1Summon.dll")], new Dictionary<string, string> { ["SUMMON_CACHE_DIR"] = w.FreshCache("peer-r2r") });
                    r2rCold.Add(ProcessRunner.Time(r2r));
                    r2rWarm.Add(ProcessRunner.Time(r2r));
                }
            }
            var (dc, dw, sc, sw) = (Stats.Median(dotCold), Stats.Median(dotWarm), Stats.Median(sumCold), Stats.Median(sumWarm));
            Figure.Print("peer-cold", Figure.Ms(sc), Figure.Ms(dc), Figure.R(dc / sc) + "x-faster", ">=10x-faster", dc / sc >= 10);
            Figure.Print("peer-warm", Figure.Ms(sw), Figure.Ms(dw), Figure.R(dw / sw) + "x-faster", ">=5x-faster", dw / sw >= 5);
            if (withR2r)
            {
                var (rc, rw) = (Stats.Median(r2rCold), Stats.Median(r2rWarm));
                Figure.Print("peer-cold-r2r", Figure.Ms(rc), Figure.Ms(dc), Figure.R(dc / rc) + "x-faster", ">=10x-faster", dc / rc >= 10);
                Figure.Print("peer-warm-r2r", Figure.Ms(rw), Figure.Ms(dw), Figure.R(dw / rw) + "x-faster", ">=5x-faster", dw / rw >= 5);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return Task.CompletedTask;
    }
}
