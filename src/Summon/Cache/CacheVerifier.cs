using System.Security.Cryptography;

namespace Summon.Cache;

/// <summary>One module version <c>summon cache verify</c> found wrong, why, and whether it was taken out of the cache.</summary>
internal sealed record DamagedEntry(string ModuleId, string Version, string Problem, bool Removed);

/// <summary>What a verification found: how many versions were checked, the damaged ones, and leftovers swept.</summary>
internal sealed record CacheVerification(int Checked, IReadOnlyList<DamagedEntry> Damaged, int LeftoversRemoved);

/// <summary>
/// The full check the warm path leaves out: re-hashes every installed file against the SHA-256 its install recorded,
/// and looks for what must never be in a module folder (symlinks, paths outside it, a missing or unreadable record).
/// With repair, each damaged version is renamed out of the cache (under its lock) so the next import fetches it again.
/// </summary>
internal static class CacheVerifier
{
    public static CacheVerification Verify(ModuleStore store, bool repair)
    {
        var damaged = new List<DamagedEntry>();
        var checkedCount = 0;
        if (Directory.Exists(store.ModulesDirectory))
        {
            foreach (var moduleFolder in new DirectoryInfo(store.ModulesDirectory).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                foreach (var versionFolder in moduleFolder.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
                {
                    checkedCount++;
                    var (id, version) = (moduleFolder.Name, versionFolder.Name);
                    if (FindProblem(store, moduleFolder, versionFolder) is not { } problem)
                    {
                        continue;
                    }
                    var removed = false;
                    if (repair)
                    {
                        using var held = store.TryLockEntry(id, version);
                        if (held is not null)
                        {
                            store.Remove(id, version);
                            removed = true;
                        }
                        else
                        {
                            problem += " (another process is installing it; left alone)";
                        }
                    }
                    damaged.Add(new DamagedEntry(id, version, problem, removed));
                }
            }
        }
        var swept = StagingSweeper.Sweep(store, TimeSpan.FromMinutes(10));
        return new CacheVerification(checkedCount, damaged, swept);
    }

    private static string? FindProblem(ModuleStore store, DirectoryInfo moduleFolder, DirectoryInfo versionFolder)
    {
        if (moduleFolder.Attributes.HasFlag(FileAttributes.ReparsePoint) || versionFolder.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return "its folder is a symlink, not something the cache installed";
        }
        if (versionFolder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).FirstOrDefault(e => e.Attributes.HasFlag(FileAttributes.ReparsePoint)) is { } link)
        {
            return $"{Path.GetRelativePath(versionFolder.FullName, link.FullName)} is a symlink, not something the cache installed";
        }
        if (store.TryGetInstalled(moduleFolder.Name, versionFolder.Name) is not { } installed)
        {
            return "its install record is missing or unreadable";
        }
        foreach (var file in installed.Record.Files)
        {
            if (CheckFile(installed, file, lazy: false) is { } problem)
            {
                return problem;
            }
        }
        foreach (var file in installed.Record.LazyFiles)
        {
            if (CheckFile(installed, file, lazy: true) is { } problem)
            {
                return problem;
            }
        }
        return installed.IsIntact() ? null : "a file's size or modification time differs from its install record";
    }

    private static string? CheckFile(InstalledModule installed, RecordedFile file, bool lazy)
    {
        if (ContainedPath.TryCombine(installed.Directory, file.RelativePath) is not { } path)
        {
            return $"its record names {file.RelativePath}, a path outside the module's folder";
        }
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            // A lazy file is fetched on first use: its absence is normal.
            return lazy ? null : $"{file.RelativePath} is missing";
        }
        if (info.Length != file.Length)
        {
            return $"{file.RelativePath} has {info.Length} bytes, not the {file.Length} installed";
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        var sha256 = Convert.ToHexString(SHA256.HashData(stream));
        return string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) ? null : $"{file.RelativePath} does not have the SHA-256 it was installed with (its content changed)";
    }
}
