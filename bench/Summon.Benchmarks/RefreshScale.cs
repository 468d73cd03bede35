namespace Summon.Benchmarks;

internal static class RefreshScale
{
    public static Task RunAsync(Workspace w) => Task.CompletedTask;
}
