namespace Summon.Benchmarks;

internal static class Peer
{
    public static Task RunAsync(Workspace w) => Task.CompletedTask;
}
