using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Summon.Loading;

/// <summary>
/// A module's own collectible load context: its assemblies load here, so two versions of one module can run side
/// by side and a module can be unloaded; every other assembly (the application's, and the contracts it shares with
/// the module) comes from the default context, so types passed between them are the same types.
/// </summary>
internal sealed class ModuleLoadContext(string name, string directory, IReadOnlyDictionary<string, string> assemblies)
    : AssemblyLoadContext(name, isCollectible: true)
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } simple && assemblies.TryGetValue(simple, out var relative) ? LoadFromAssemblyPath(PathOf(relative)) : null;

    private string PathOf(string relative) => Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) => NativeLibraryHook.Probe(directory, unmanagedDllName);

    /// <summary>
    /// Loads every assembly of the module, straight from its path: a load by name would parse the name and go through
    /// the binder to end at the same path. Loading binds no references yet, so the order does not matter.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    public IReadOnlyList<Assembly> LoadModuleAssemblies()
    {
        var loaded = new List<Assembly>(assemblies.Count);
        foreach (var (_, relative) in assemblies)
        {
            loaded.Add(LoadFromAssemblyPath(PathOf(relative)));
        }
        return loaded;
    }
}
