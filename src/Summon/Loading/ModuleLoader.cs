using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Summon.Loading;

/// <summary>Loads a module's assemblies into the default context, reusing any already loaded.</summary>
internal static class ModuleLoader
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmingNote.Justification)]
    public static Assembly Load(string name, string assemblyPath)
    {
        // The install record names the assembly, so the warm path never reads the file's metadata to learn it; and the
        // simple name is cut from the display name, since GetName() parses it with the globalization libraries (ICU).
        foreach (var loaded in AssemblyLoadContext.Default.Assemblies)
        {
            if (string.Equals(AssemblyResolveHook.SimpleName(loaded.FullName ?? ""), name, StringComparison.OrdinalIgnoreCase))
            {
                return loaded;
            }
        }
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
    }
}
