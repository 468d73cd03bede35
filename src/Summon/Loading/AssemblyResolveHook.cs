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
    private static Func<string, string?>? locate;

    // A list, not a HashSet: it holds one or two names, and HashSet would load one more assembly on the warm path.
    [ThreadStatic]
    private static List<string>? resolvingOnThisThread;

    /// <summary>Installs the hook once per process; later calls replace how assemblies are located (by simple name).</summary>
    public static void Install(Func<string, string?> locator)
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
        var name = SimpleName(args.Name);
        // Satellite resource assemblies are probed for on every localized lookup and are never modules.
        if (name is null || name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase) || locate is not { } locator)
        {
            return null;
        }
        var resolving = resolvingOnThisThread ??= [];
        foreach (var pending in resolving)
        {
            if (string.Equals(pending, name, StringComparison.OrdinalIgnoreCase))
            {
                // Locating an assembly must not need that same assembly; refusing here turns a stack overflow into a clear failure.
                return null;
            }
        }
        resolving.Add(name);
        try
        {
            return locator(name) is { } path ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        }
        finally
        {
            resolving.Remove(name);
        }
    }

    /// <summary>
    /// The simple name of a display name (<c>Acme.Extra, Version=1.0.0.0, Culture=neutral, …</c>): the text before the
    /// first comma. <see cref="AssemblyName"/> parses the same, but its parser loads the ICU globalization libraries
    /// (about 5 ms of a process start), so it is used only for names with quotes or escapes.
    /// </summary>
    internal static string? SimpleName(string displayName)
    {
        if (displayName.Contains('\\') || displayName.Contains('"') || displayName.Contains('\''))
        {
            return new AssemblyName(displayName).Name;
        }
        var comma = displayName.IndexOf(',');
        var simple = (comma < 0 ? displayName : displayName[..comma]).Trim();
        return simple.Length == 0 ? null : simple;
    }
}
