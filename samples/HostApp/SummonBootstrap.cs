using System.Runtime.CompilerServices;

namespace HostApp;

internal static class SummonBootstrap
{
    // Runs before Main is compiled, so the hook is in place before anything touches Acme.Extra.
    [ModuleInitializer]
    internal static void Install() => Summon.Summoner.InstallResolveHook();
}
