#!/usr/bin/env bash
# Prints the core package's size and dependencies, so growth shows up in every test run.
# Packs the Release build already made (no rebuild) into a temporary folder; never fails the caller.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! dotnet pack src/Summon/Summon.csproj -c Release --no-build -nologo -v q -o "$out" >"$out/pack.log" 2>&1; then
  echo "package report: dotnet pack src/Summon failed (is there a Release build?)"; tail -5 "$out/pack.log"; exit 0
fi
nupkg=$(ls "$out"/Summon.*.nupkg | grep -v snupkg | head -n1)
echo "package report: $(basename "$nupkg") $(stat -c %s "$nupkg") bytes (Summon.dll $(stat -c %s src/Summon/bin/Release/net8.0/Summon.dll) bytes)"
# pack leaves the nuspec it wrote in obj/ (read there: no unzip needed).
cat "src/Summon/obj/Release/$(basename "$nupkg" .nupkg).nuspec" | grep -oP '<dependency id="\K[^"]+" version="[^"]+' | sed 's/" version="/ /; s/^/  depends on /'
