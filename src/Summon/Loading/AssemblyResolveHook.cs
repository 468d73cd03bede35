using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Summon.Loading;

/// <summary>
/// The runtime's last chance to find an assembly: <see cref="AppDomain.AssemblyResolve"/>, which fires only
/// after the default context's own probing failed, so shipped assemblies never pay for Summon.
/// (<see cref="AssemblyLoadContext.Resolving"/> fires at the same point but costs more on first use.)
/// </summary>
internal static class AssemblyResolveHook
{
    private static readonly object Gate = new();
    private static Func<AssemblyName, string?>? locate;

    [ThreadStatic]
    private static HashSet<string>? resolvingOnThisThread;

    /// <summary>Installs the hook once per process; later calls replace how assemblies are located.</summary>
    public static void Install(Func<AssemblyName, string?> locator)
    {
        lock (Gate)
        {
            if (locate is null)
            {
                AppDomain.CurrentDomain.AssemblyResolve += OnResolve;
            }
            locate = locator;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    private static Assembly? OnResolve(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        // Satellite resource assemblies are probed for on every localized lookup and are never modules.
        if (name.Name is null || name.Name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase) || locate is not { } locator)
        {
            return null;
        }
        resolvingOnThisThread ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!resolvingOnThisThread.Add(name.Name))
        {
            // Locating an assembly must not need that same assembly; refusing here turns a stack overflow into a clear failure.
            return null;
        }
        try
        {
            return locator(name) is { } path ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        }
        finally
        {
            resolvingOnThisThread.Remove(name.Name);
        }
    }
}
