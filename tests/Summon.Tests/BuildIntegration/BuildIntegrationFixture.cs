using System.Collections.Concurrent;
using System.Diagnostics;
using QuickStart;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.BuildIntegration;

/// <summary>
/// Everything the build-integration and packaging tests look at, built once with the real SDK: the module Acme.Extra
/// packed as a NuGet package and published from that package to a signed repository served on 127.0.0.1; this clone's
/// Summon and Summon.Cli packed into a feed; and three applications that reference Acme.Extra with Summon="lazy":
/// the GreeterApp sample (ProjectReference) built with <c>dotnet build -o</c> and published self-contained for
/// linux-x64, and a consumer of the packed Summon package (PackageReference) published framework-dependent.
/// Every bin and obj folder lives under a temporary artifacts path, never in the clone, where other tests build.
/// </summary>
public sealed class BuildIntegrationFixture : IAsyncLifetime
{
    public const string Built = "GreeterApp, dotnet build -o";
    public const string SelfContained = "GreeterApp, dotnet publish -r linux-x64 --self-contained";
    public const string FromPackages = "package consumer, dotnet publish";

    private readonly TempDirectory work = new("build-integration-");
    private SummonRepositoryServer? server;

    public ConcurrentQueue<RequestLogEntry> Requests { get; } = new();

    public string Feed => work.Combine("feed");

    public string Artifacts => work.Combine("artifacts");

    public string TrustedRoot => work.Combine("repo", "metadata", "1.root.json");

    public Uri Url => server?.Url ?? throw new InvalidOperationException("not serving");

    /// <summary>A version no real release has, so the packages restored here never stand for the clone's own in a NuGet cache.</summary>
    public string PackageVersion { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    public string PackagesFolder => work.Combine("packages");

    public IReadOnlyDictionary<string, (string Directory, string Name)> Applications => new Dictionary<string, (string, string)>
    {
        [Built] = (work.Combine("out", "built"), "GreeterApp"),
        [SelfContained] = (work.Combine("out", "self-contained"), "GreeterApp"),
        [FromPackages] = (work.Combine("out", "from-packages"), "Consumer"),
    };

    public async Task InitializeAsync()
    {
        var root = SampleApps.SourceRoot;
        var isolated = new[] { "-c", "Release", "--artifacts-path", Artifacts, "-nologo", "-v", "q" };
        await SampleApps.DotnetAsync(["pack", Path.Combine(root, "samples", "Acme.Extra", "Acme.Extra.csproj"), .. isolated, "-o", Feed, "-p:IsPackable=true", "-p:Version=1.0.0"]);
        using (var editor = RepositoryEditor.Init(work.Combine("repo"), work.Combine("keys")))
        {
            editor.Publish(Path.Combine(Feed, "Acme.Extra.1.0.0.nupkg"), SampleApps.ModuleId, "1.0.0");
        }
        server = await SummonRepositoryServer.StartAsync(work.Combine("repo"), new SummonServerOptions { OnRequest = Requests.Enqueue });

        string[] settings = [$"-p:SummonRepository={Url}", $"-p:SummonTrustedRoot={TrustedRoot}"];
        var greeter = Path.Combine(root, "samples", "GreeterApp", "GreeterApp.csproj");
        await SampleApps.DotnetAsync(["build", greeter, .. isolated, "-o", Applications[Built].Directory, .. settings]);
        await SampleApps.DotnetAsync(["publish", greeter, .. isolated, "-r", "linux-x64", "--self-contained", "-o", Applications[SelfContained].Directory, .. settings]);

        string[] packed = [.. isolated, "-o", Feed, $"-p:PackageVersion={PackageVersion}"];
        await SampleApps.DotnetAsync(["pack", Path.Combine(root, "src", "Summon", "Summon.csproj"), .. packed]);
        await SampleApps.DotnetAsync(["pack", Path.Combine(root, "src", "Summon.Cli", "Summon.Cli.csproj"), .. packed]);
        var consumer = WriteConsumer(work.Combine("consumer"));
        await SampleApps.DotnetAsync(new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesFolder },
            "publish", consumer, "-c", "Release", "-nologo", "-v", "q", "-o", Applications[FromPackages].Directory);
    }

    /// <summary>Runs a built application with an empty cache of its own, and with no Summon settings from the environment.</summary>
    public Task<ProcessResult> RunAsync(string application, string cache)
    {
        var (directory, name) = Applications[application];
        var executable = Path.Combine(directory, name);
        var start = File.Exists(executable) && application == SelfContained ? new ProcessStartInfo(executable) : new ProcessStartInfo("dotnet", [Path.Combine(directory, name + ".dll")]);
        start.Environment["SUMMON_CACHE_DIR"] = cache;
        start.Environment["SUMMON_REPOSITORY"] = null;
        start.Environment["SUMMON_TRUSTED_ROOT"] = null;
        return SampleApps.RunAsync(start, TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// An application as a user writes it: the Summon package, one lazy PackageReference, its properties (preloading
    /// opted in), and code that simply calls the module. Restored into a packages folder of its own, from the feed, then the machine's packages.
    /// </summary>
    private string WriteConsumer(string directory)
    {
        Directory.CreateDirectory(directory);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
                <add key="machine" value="{machinePackages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.Copy(TrustedRoot, Path.Combine(directory, "root.json"));
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <SummonRepository>{Url}</SummonRepository>
                <SummonTrustedRoot>root.json</SummonTrustedRoot>
                <SummonPreloadCachedModules>true</SummonPreloadCachedModules>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Summon" Version="{PackageVersion}" />
                <PackageReference Include="Acme.Extra" Version="1.0.0" Summon="lazy" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            Console.WriteLine(Acme.Extra.Greeter.Hello("package consumer"));
            """);
        return Path.Combine(directory, "Consumer.csproj");
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        work.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BuildIntegrationCollection : ICollectionFixture<BuildIntegrationFixture>
{
    public const string Name = "build integration";
}
