using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Summon.Publishing;

/// <summary>
/// Tells managed assemblies from native libraries that share the .dll extension, by reading the PE
/// headers rather than loading the file (loading would run nothing, but would lock it and need a context).
/// </summary>
internal static class ManagedAssemblies
{
    /// <summary>The assembly's simple name, or null when the file is not a managed assembly.</summary>
    public static string? NameOf(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }
            var reader = pe.GetMetadataReader();
            return reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
