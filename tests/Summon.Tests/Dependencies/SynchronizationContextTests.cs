namespace Summon.Tests.Dependencies;

/// <summary>
/// The resolve hook runs on whatever thread touched a module: a UI thread with a single-threaded synchronization
/// context that is blocked inside the hook. A cold fetch there must never wait for that thread.
/// </summary>
public class SynchronizationContextTests
{
    /// <summary>A context that only runs posted work when its own thread pumps, which a thread blocked in the hook never does.</summary>
    private sealed class UnpumpedContext : SynchronizationContext
    {
        public int Posted;

        public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref Posted);

        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("no Send on a UI thread from elsewhere");
    }

    [Fact]
    public async Task AColdFetchFromTheHookOnAThreadWithASingleThreadedContextCompletes()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.data", "1.0.0");
        using var summoner = world.NewSummoner(o => o.AssemblyModules["Acme.Data"] = "acme.data");
        var context = new UnpumpedContext();
        var done = new TaskCompletionSource<string?>();

        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                done.SetResult(summoner.LocateAssembly("Acme.Data"));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        thread.Start();
        // A deadlock would never finish; the bound only keeps a broken build from hanging the suite.
        var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(60))) == done.Task;

        Assert.True(finished, "the hook deadlocked on its caller's synchronization context");
        Assert.Null(await done.Task); // the module is data-only: installed, but it provides no assembly
        Assert.Equal("acme.data 1.0.0", Assert.Single(summoner.ListCached()).ToString());
        Assert.Equal(0, context.Posted);
    }
}
