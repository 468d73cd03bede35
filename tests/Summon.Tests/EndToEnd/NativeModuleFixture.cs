using System.Diagnostics;
using QuickStart;

namespace Summon.Tests.EndToEnd;

/// <summary>
/// Builds a module the way NuGet lays packages out: <c>lib/net8.0/Acme.Native.dll</c>, a real shared library
/// compiled with gcc for this platform under <c>runtimes/&lt;rid&gt;/native/</c>, stand-ins for two other platforms,
/// and a data file.
/// </summary>
public sealed class NativeModuleFixture : IAsyncLifetime
{
    private readonly TempDirectory work = new("native-");

    public string ModuleDirectory => work.Combine("module");

    public static string ThisPlatform => Summon.Modules.AssetSelector.CurrentRuntimes[1];

    public async Task InitializeAsync()
    {
        var fixtures = Path.Combine(SampleApps.SourceRoot, "tests", "Fixtures", "Acme.Native");
        var build = work.Combine("build");
        await SampleApps.DotnetAsync("build", Path.Combine(fixtures, "Acme.Native.csproj"), "-c", "Release", "-o", build, "-nologo", "-v", "q");
        var lib = Directory.CreateDirectory(Path.Combine(ModuleDirectory, "lib", "net8.0")).FullName;
        File.Copy(Path.Combine(build, "Acme.Native.dll"), Path.Combine(lib, "Acme.Native.dll"));

        var native = Directory.CreateDirectory(Path.Combine(ModuleDirectory, "runtimes", ThisPlatform, "native")).FullName;
        var gcc = new ProcessStartInfo("gcc") { ArgumentList = { "-shared", "-fPIC", "-o", Path.Combine(native, "libacmenative.so"), Path.Combine(fixtures, "acmenative.c") } };
        var compiled = await SampleApps.RunAsync(gcc, TimeSpan.FromMinutes(1));
        if (compiled.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed (test.sh installs it): {compiled.Output}");
        }
        foreach (var other in new[] { "win-x64/native/acmenative.dll", "osx-arm64/native/libacmenative.dylib" })
        {
            var path = Path.Combine(ModuleDirectory, "runtimes", other);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, new byte[4096]);
        }
        Directory.CreateDirectory(Path.Combine(ModuleDirectory, "data"));
        File.WriteAllBytes(Path.Combine(ModuleDirectory, "data", "model.bin"), Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(ModuleDirectory, "data", "labels.txt"), "cat\ndog\n");
    }

    public Task DisposeAsync()
    {
        work.Dispose();
        return Task.CompletedTask;
    }
}
