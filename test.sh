#!/usr/bin/env bash
# The whole test suite. Needs only the .NET SDK; installs anything else the tests need.
# Ends with one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

# Tools the tests use beyond the SDK, installed when missing and we may: node and npm run tuf-js (tests/interop),
# gcc builds the native library of a test module, chromium opens the repository page, nginx serves a repository,
# script (util-linux) gives the CLI's output tests a pseudo-terminal.
# Without them those tests fail and say so; they never skip.
need=()
command -v node >/dev/null || need+=(nodejs npm)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v chromium >/dev/null || need+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v script >/dev/null || need+=(bsdutils)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
if command -v npm >/dev/null; then
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error || echo "npm ci --prefix tests/interop failed: the interop tests will fail"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Summon.slnx -c Release -nologo -clp:ErrorsOnly 2>&1 | tee "$log"
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit "$build"
fi

./build/package-report.sh

dotnet test Summon.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -oP "^\s*(Passed|Failed)!\s+-.*\b$1:\s+\K\d+" "$log" | paste -sd+ - | bc; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the run broke before a test could report (a crash, a hang killed): count it
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
