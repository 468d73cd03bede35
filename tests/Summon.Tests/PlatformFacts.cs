namespace Summon.Tests;

/// <summary>A fact about Linux's conventions; reported as skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only";
        }
    }
}

/// <summary>A fact about Unix file permissions; reported as skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix only";
        }
    }
}

/// <summary>A theory about Unix paths or permissions; reported as skipped on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix only";
        }
    }
}

/// <summary>A fact about the libc calls of <see cref="Summon.Cache.LinuxCalls"/> (warm start records, stamps), which exist only on 64-bit Linux with glibc; skipped, with the reason, elsewhere.</summary>
public sealed class GlibcFactAttribute : FactAttribute
{
    public GlibcFactAttribute()
    {
        if (!Summon.Cache.LinuxCalls.Available)
        {
            Skip = "the libc calls behind warm start records are used only on 64-bit Linux with glibc";
        }
    }
}
