#!/usr/bin/env bash
# Runs every figure of issue 7 and prints one line per figure on stdout:
#   figure <id> summon <value> baseline <value> ratio <r> target <t> pass|fail
# Builds and progress go to bench/results/ (log.txt, build.log); figures.txt keeps the lines for the chart.
#   bench/run.sh            full run (more iterations)
#   bench/run.sh --quick    under ten minutes on a 2-core machine
#   bench/run.sh --only warm-load,solve   some figures only (ids: warm-load solve warm-process cold-fetch cold-memory refresh-scale peer)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$here/.work"
results="$here/results"
mkdir -p "$work" "$results"
: > "$results/figures.txt"
command -v curl >/dev/null || { echo "bench/run.sh: curl is needed for the cold-fetch baseline" >&2; exit 2; }

echo "[bench] packing Summon, building fixtures and the benchmark program (log: $results/build.log)" >&2
# A version of its own per run, so the NuGet cache never serves an earlier run's package under the same version.
summon_version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
python3 "$here/gen_fixtures.py" "$work" "$repo" "$summon_version"
{
  rm -f "$work"/feed/Summon.*.nupkg "$work"/feed/Summon.*.snupkg
  dotnet pack "$repo/src/Summon/Summon.csproj" -c Release -o "$work/feed" -p:PackageVersion="$summon_version" -nologo
  dotnet build "$work/src/Fixtures.slnx" -c Release -nologo
  dotnet build "$here/Summon.Benchmarks/Summon.Benchmarks.csproj" -c Release -nologo
  # The same one-module hosts compiled ahead of time (ReadyToRun, Summon.dll included) for warm-process-1-r2r.
  for host in Host1Summon Host1Ship; do
    dotnet publish "$work/src/$host/$host.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r/$host" -nologo
  done
} > "$results/build.log" 2>&1 || { tail -30 "$results/build.log" >&2; exit 1; }

echo "[bench] running (details: $results/log.txt)" >&2
status=0
dotnet "$here/Summon.Benchmarks/bin/Release/net10.0/Summon.Benchmarks.dll" all "$work" "$@" 2> "$results/log.txt" || status=$?
if [ -f "$here/chart.py" ]; then
  python3 "$here/chart.py" "$results/figures.txt" "$repo/docs/benchmarks.svg" >&2 || true
fi
exit $status
