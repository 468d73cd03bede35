using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Summon.Loading;

/// <summary>
/// The fallback for <c>DllImport</c> from a module: the runtime already probes the calling assembly's folder,
/// where a module's natives are installed; this catches the names it spells differently (<c>lib</c> prefix, suffix).
/// </summary>
internal static class NativeLibraryHook
{
    private static int installed;

    public static void Install(Func<Assembly, bool> isModuleAssembly)
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
                isModuleAssembly(assembly) && Path.GetDirectoryName(assembly.Location) is { Length: > 0 } directory ? Probe(directory, name) : IntPtr.Zero;
        }
    }

    /// <summary>A native library of a module, by the name a <c>DllImport</c> gives, under the spellings platforms use; zero if none.</summary>
    public static IntPtr Probe(string directory, string name)
    {
        foreach (var candidate in new[] { name, $"lib{name}.so", $"lib{name}.dylib", $"{name}.dll", $"{name}.so", $"{name}.dylib" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(directory, candidate), out var handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }
}
