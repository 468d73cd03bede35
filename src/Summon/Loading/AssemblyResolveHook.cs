using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using Summon.Cache;

namespace Summon.Loading;

/// <summary>
/// The runtime's last chance to find an assembly: <see cref="AppDomain.AssemblyResolve"/>, which fires only
/// after the default context's own probing failed, so shipped assemblies never pay for Summon.
/// (<see cref="AssemblyLoadContext.Resolving"/> fires at the same point but costs more on first use.)
/// </summary>
internal static class AssemblyResolveHook
{
    private static Func<string, string?>? locate;
    private static WarmStart? start;

    // A chain of its own rather than a collection: it holds one or two names, and List or HashSet would load one more
    // assembly (System.Collections) while the process starts.
    [ThreadStatic]
    private static Pending? resolvingOnThisThread;

    /// <summary>
    /// Installs the hook once per process; later calls replace how assemblies are located (by simple name). The
    /// <paramref name="warmStart"/>, if any, answers first, outside the recursion guard: it loads no assembly, and the
    /// guard's thread-static state costs half a millisecond to set up on a thread's first use.
    /// </summary>
    public static void Install(Func<string, string?> locator, WarmStart? warmStart)
    {
        (start, locate) = (warmStart, locator);
        Registration.Ensure();
        if (warmStart is not null && AppContext.TryGetSwitch(PreloadSwitch, out var preload) && preload)
        {
            Preload(warmStart);
        }
    }

    /// <summary>
    /// The runtime configuration switch (MSBuild: <c>SummonPreloadCachedModules</c>) that trades laziness for a faster
    /// start: the hook loads, while it is installed, every assembly its warm start answered for in an earlier run.
    /// </summary>
    public const string PreloadSwitch = "Summon.PreloadCachedModules";

    /// <summary>
    /// Loads what the records answer before anything asks. Each module the runtime then binds is found among the loaded
    /// assemblies, with no failed bind and no resolve event: about a tenth of a millisecond per module, and for an
    /// application that has not loaded the ICU globalization libraries otherwise, the few milliseconds the runtime spends
    /// loading them on a second resolve event (docs/benchmarks.md). A file that fails to load is left to the hook, which
    /// reports it if the application ever asks for the assembly.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    private static void Preload(WarmStart warmStart)
    {
        foreach (var path in warmStart.RecordedAnswers(AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string))
        {
            try
            {
                AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            }
            catch (Exception e) when (e is IOException or BadImageFormatException)
            {
                // Not the application's failure yet: it may never ask for this assembly.
            }
        }
    }

    /// <summary>
    /// Adds the handler exactly once: the runtime runs a type initializer once, whichever thread gets there first. A lock
    /// would do the same at the cost of loading System.Threading while the process starts.
    /// </summary>
    private static class Registration
    {
        static Registration() => AppDomain.CurrentDomain.AssemblyResolve += OnResolve;

        public static void Ensure()
        {
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    private static Assembly? OnResolve(object? sender, ResolveEventArgs args)
    {
        var name = SimpleName(args.Name);
        // Satellite resource assemblies are probed for on every localized lookup and are never modules.
        if (name is null || IsSatelliteName(name) || locate is not { } locator)
        {
            return null;
        }
        if (start?.Locate(name) is { } recorded)
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(recorded);
        }
        for (var pending = resolvingOnThisThread; pending is not null; pending = pending.Next)
        {
            if (string.Equals(pending.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                // Locating an assembly must not need that same assembly; refusing here turns a stack overflow into a clear failure.
                return null;
            }
        }
        var outer = resolvingOnThisThread;
        resolvingOnThisThread = new Pending(name, outer);
        try
        {
            return locator(name) is { } path ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        }
        finally
        {
            resolvingOnThisThread = outer;
        }
    }

    /// <summary>Whether a simple name ends with <c>.resources</c> (ASCII case-insensitive).</summary>
    internal static bool IsSatelliteName(string name)
    {
        const string Suffix = ".resources";
        return AsciiText.EqualsIgnoringCase(name, name.Length - Suffix.Length, Suffix.Length, Suffix);
    }

    private sealed class Pending(string name, Pending? next)
    {
        public string Name { get; } = name;

        public Pending? Next { get; } = next;
    }

    /// <summary>
    /// The simple name of a display name (<c>Acme.Extra, Version=1.0.0.0, Culture=neutral, …</c>): the text before the
    /// first comma. <see cref="AssemblyName"/> parses the same, but its parser loads the ICU globalization libraries
    /// (about 5 ms of a process start), so it is used only for names with quotes or escapes. A plain loop rather than
    /// <c>IndexOf</c>: the first vectorized search in a process costs most of a millisecond to set up.
    /// </summary>
    internal static string? SimpleName(string displayName)
    {
        var (start, end) = (0, displayName.Length);
        for (var i = 0; i < displayName.Length; i++)
        {
            var character = displayName[i];
            if (character is '\\' or '"' or '\'')
            {
                return new AssemblyName(displayName).Name;
            }
            if (character == ',' && end == displayName.Length)
            {
                end = i;
            }
        }
        while (start < end && char.IsWhiteSpace(displayName[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(displayName[end - 1]))
        {
            end--;
        }
        return end == start ? null : displayName.Substring(start, end - start);
    }
}
