namespace Summon.Tests.Docs;

/// <summary>The scan that finds messages in the code finds what it must, so the errors page check cannot pass by finding nothing.</summary>
public class ErrorsPageScanTests
{
    [Fact]
    public void The_scan_finds_interpolated_messages_without_their_holes_and_summon_lines_on_standard_error()
    {
        using var source = new TempDirectory("scan");
        File.WriteAllText(source.Combine("Sample.cs"), """
            class Sample
            {
                void A(string root) => throw new SummonConfigurationException($"The cache {root} is not {(root is null ? $"a {root}" : "")} yours: run `chmod 700 {root}` now.");
                void B() => Console.Error.WriteLine($"summon: nothing the application requires brings in {id}.");
                void C() => Console.Error.WriteLine("Serving the repository; press Ctrl+C to stop.");
                static TrustException Expired(string role) => new(role, TrustCheck.Expiry, $"{role} metadata expired: the repository must re-sign it.");
            }
            """);

        var found = SourceMessages.Find(source.Path, ["SummonConfigurationException", "TrustException"]).Select(m => (m.Line, m.Fragment)).ToList();

        Assert.Equal(
            [
                (3, "yours: run `chmod 700"),
                (4, "summon: nothing the application requires brings in"),
                (6, "metadata expired: the repository must re-sign it."),
            ],
            found);
    }
}
