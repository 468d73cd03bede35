using QuickStart;

namespace Summon.Tests.BuildIntegration;

/// <summary>A project that cannot work as declared fails to build with a SUMMONxxx error that says what to do.</summary>
[Collection(BuildIntegrationCollection.Name)]
public sealed class BuildErrorTests(BuildIntegrationFixture builds)
{
    [Theory]
    [InlineData("SUMMON001", "", "root.json", "<SummonRepository>")]
    [InlineData("SUMMON003", "http://127.0.0.1:1/", "missing-root.json", "does not exist")]
    public async Task A_lazy_reference_the_build_cannot_honour_is_a_build_error(string code, string repository, string trustedRoot, string advice)
    {
        using var project = new TempDirectory("lazy-error-");
        File.Copy(builds.TrustedRoot, project.Combine("root.json"));
        var module = Path.Combine(SampleApps.SourceRoot, "samples", "Acme.Extra", "Acme.Extra.csproj");
        File.WriteAllText(project.Combine("Broken.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(SampleApps.SourceRoot, "src", "Summon", "build", "Summon.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <SummonRepository>{repository}</SummonRepository>
                <SummonTrustedRoot>{trustedRoot}</SummonTrustedRoot>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{module}" Summon="lazy" />
              </ItemGroup>
              <Import Project="{Path.Combine(SampleApps.SourceRoot, "src", "Summon", "build", "Summon.targets")}" />
            </Project>
            """);
        File.WriteAllText(project.Combine("Program.cs"), "System.Console.WriteLine(Acme.Extra.Greeter.Hello(\"x\"));");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SampleApps.DotnetAsync("build", project.Combine("Broken.csproj"), "-c", "Release", "--artifacts-path", builds.Artifacts, "-nologo", "-v", "q"));

        Assert.Contains($"error {code}:", failure.Message);
        Assert.Contains(advice, failure.Message);
    }
}
