#!/usr/bin/env python3
"""Writes the fixture projects the benchmarks build: ten modules and the warm-process hosts.

Generated rather than checked in because the modules are mostly machine-made code (to reach ~700 KB of real
metadata and IL, which is what the runtime maps and reads on load, unlike an embedded blob).
Usage: gen_fixtures.py <work dir> <repo root> <Summon package version>

The Summon hosts reference the Summon package bench/run.sh packs into <work dir>/feed, as an application does: the
package's ahead-of-time images (runtimes/<rid>/lib/net10.0) are part of what warm-process and peer measure.
"""
import os
import sys

work, repo, summon_version = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
src = os.path.join(work, "src")
MODULES = 10
# Module 0 is the ~700 KB module of warm-load; the others are smaller so the fixture build stays short.
METHODS = {0: 2940}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Unchanged files keep their time stamps, so a second run's build is incremental.
    if os.path.exists(path) and open(path).read() == text:
        return
    with open(path, "w") as f:
        f.write(text)


def write_host_project(name, references, implicit_usings=False, properties=""):
    settings = ("\n    <ImplicitUsings>enable</ImplicitUsings>" if implicit_usings else "") + properties
    write(os.path.join(src, name, f"{name}.csproj"), f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>{settings}
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
  </PropertyGroup>
  <ItemGroup>
{chr(10).join(references)}
  </ItemGroup>
</Project>
""")


for m in range(MODULES):
    n = METHODS.get(m, 300)
    lines = [f"namespace Bench.Mod{m};", "", "public static class Entry", "{",
             f"    public static int Touch() => {m + 1};", "}", ""]
    for c in range(n // 20):
        lines.append(f"public static class Generated{c}")
        lines.append("{")
        for i in range(20):
            k = c * 20 + i
            lines.append(f'    public static string M{k}(int x) => x switch {{ 0 => "zero-{k}-{m}-abcdefghijklmnopqrstuvwxyz", 1 => "one-{k}-{m}-0123456789", _ => string.Concat("many-{k}-", x.ToString(), "-{m}") }};')
        lines.append("}")
    write(os.path.join(src, f"Bench.Mod{m}", "Module.cs"), "\n".join(lines) + "\n")
    write(os.path.join(src, f"Bench.Mod{m}", f"Bench.Mod{m}.csproj"), f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
    <DebugType>none</DebugType>
    <Version>1.0.0</Version>
    <PackageId>Bench.Mod{m}</PackageId>
  </PropertyGroup>
</Project>
""")

# What each host does before Main. Ship: nothing (its modules are in its output). Summon: installs Summon's hook.
# SummonPreload: the same, built with SummonPreloadCachedModules=true (Summon's opt-in preloading).
# Floor and Preload are reference lines, not Summon, for what any approach charges that loads the modules from
# outside the application's folder (BENCH_MODULES_DIR, the cache's v1/modules). Floor: a bare AssemblyResolve handler
# that loads the file for the name it is asked, the least any resolve hook costs. Preload: loads every module's file
# before anything asks, so the runtime finds each one already loaded and raises no event: the least any approach pays.
# Both are written out per module with literal names and string concatenation only: a search (IndexOf, StartsWith) or
# a number formatted into a string sets up vectorized search or culture data on first use, which is a millisecond
# Summon's own start path avoids, and the floors must not charge more than the runtime does.
def module_file(m):
    return f'string.Concat(Environment.GetEnvironmentVariable("BENCH_MODULES_DIR"), "/bench.mod{m}/1.0.0/Bench.Mod{m}.dll")'


def install(kind, count):
    if kind == "Ship":
        return ""
    if kind in ("Summon", "SummonPreload"):
        return """    [ModuleInitializer]
    internal static void Install() => Summon.Summoner.InstallResolveHook();
"""
    if kind == "Floor":
        cases = "\n".join(f'            "Bench.Mod{m}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" => AssemblyLoadContext.Default.LoadFromAssemblyPath({module_file(m)}),'
                          for m in range(count))
        return f"""    [ModuleInitializer]
    internal static void Install() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

    private static System.Reflection.Assembly? Resolve(object? sender, ResolveEventArgs args) =>
        args.Name switch
        {{
{cases}
            _ => null,
        }};
"""
    loads = "\n".join(f"        AssemblyLoadContext.Default.LoadFromAssemblyPath({module_file(m)});" for m in range(count))
    return f"""    [ModuleInitializer]
    internal static void Install()
    {{
{loads}
    }}
"""


KINDS = ("Ship", "Summon", "SummonPreload", "Floor", "Preload")
HOSTS = [(count, kind) for count in (1, 10) for kind in KINDS]

for count, kind in HOSTS:
    name = f"Host{count}{kind}"
    lazy = kind != "Ship"
    refs = []
    for m in range(count):
        extra = ' Private="false" ExcludeAssets="all"' if lazy else ""
        refs.append(f'    <ProjectReference Include="../Bench.Mod{m}/Bench.Mod{m}.csproj"{extra} />')
    if kind in ("Summon", "SummonPreload"):
        refs.append(f'    <PackageReference Include="Summon" Version="{summon_version}" />')
    calls = "\n".join(f"        sum += Bench.Mod{m}.Entry.Touch();" for m in range(count))
    expected = sum(range(1, count + 1))
    write(os.path.join(src, name, "Program.cs"), f"""using System.Runtime.CompilerServices;
using System.Runtime.Loader;

internal static class Program
{{
{install(kind, count)}
    private static int Main() => Use() == {expected} ? 0 : 1;

    // Kept out of Main so the modules are resolved when Use is compiled, after the hook is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Use()
    {{
        var sum = 0;
{calls}
        return sum;
    }}
}}
""")
    preload = "\n    <SummonPreloadCachedModules>true</SummonPreloadCachedModules>" if kind == "SummonPreload" else ""
    write_host_project(name, refs, implicit_usings=True, properties=preload)

# Fixtures are machine-made code, not the repo's: stop MSBuild from applying the repo's style and package rules.
write(os.path.join(src, "Directory.Build.props"), "<Project />\n")
write(os.path.join(src, "Directory.Packages.props"), "<Project />\n")
machine_packages = os.environ.get("NUGET_PACKAGES") or os.path.join(os.path.expanduser("~"), ".nuget", "packages")
write(os.path.join(src, "nuget.config"), f"""<configuration>
  <packageSources>
    <clear />
    <add key="bench" value="{os.path.join(work, 'feed')}" />
    <add key="machine" value="{machine_packages}" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
""")

hosts = "\n".join([f'  <Project Path="Bench.Mod{m}/Bench.Mod{m}.csproj" />' for m in range(MODULES)]
                  + [f'  <Project Path="Host{c}{k}/Host{c}{k}.csproj" />' for c, k in HOSTS])
write(os.path.join(src, "Fixtures.slnx"), f"<Solution>\n{hosts}\n</Solution>\n")
