#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt,
# so a change to the public surface shows up as a reviewed diff of that file.
set -euo pipefail
project=${1:-src/Summon/Summon.csproj}
dir=$(dirname "$project")
out=$(dotnet build "$project" --no-incremental 2>&1 || true)
grep -oP "RS0016: Symbol '\K[^']+(?=' is not part of the declared public API)" <<<"$out" | sort -u >>"$dir/PublicAPI.Unshipped.txt" || true
{ head -n1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | sort -u; } >"$dir/PublicAPI.Unshipped.txt.new"
mv "$dir/PublicAPI.Unshipped.txt.new" "$dir/PublicAPI.Unshipped.txt"
dotnet build "$project" 2>&1 | grep -E "error|Build succeeded" | sort -u | head -20
