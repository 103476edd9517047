#!/usr/bin/env bash
# Runs every test suite: the one command CI runs (through .ci/run) and the one to run locally.
#
#   ./test.sh
#
# Works on a fresh Debian 12 machine (Node 20, .NET SDK 10): installs the npm packages (Azurite,
# SMTP sink) and, when a suite needs them, Debian packages; builds the whole solution in Release
# (warnings are errors), then runs each test suite in turn, all of them even when one fails, and
# last a one-minute soak under faults (tests/AstroBlob.Benchmarks -- --soak --quick).
# Exit status: 0 only when the build and every suite passed.
# Test result files (.trx) go to TestResults/ (git-ignored).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n[test.sh] %s\n' "$*" >&2; }
die() { printf '[test.sh] error: %s\n' "$*" >&2; exit 1; }

for tool in node npm dotnet; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (this repo needs Node.js 20+ and the .NET 10 SDK)"
done

# --- npm packages ----------------------------------------------------------------------------------
# npm ci when node_modules is missing or older than package-lock.json.
ensure_npm_packages() {
  if [[ ! -d node_modules/azurite || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

# --- Debian packages ---------------------------------------------------------------------------------
# shellcheck source=tools/debian-packages.sh
source tools/debian-packages.sh

ensure_npm_packages
DEBIAN_PACKAGES=(
  chromium:chromium     # browser tests (Playwright drives Debian's Chromium)
  ffmpeg:ffmpeg         # attachments: video remux and poster frames
  ffprobe:ffmpeg        # attachments: video duration, resolution, codec
)
ensure_debian_packages "${DEBIAN_PACKAGES[@]}"

# --- build ----------------------------------------------------------------------------------------------
log "building AstroBlob.sln (Release)"
build_started=$SECONDS
if ! dotnet build AstroBlob.sln -c Release --nologo; then
  printf '\n[test.sh] SUMMARY: build FAILED (%d s); no tests ran\n' $((SECONDS - build_started)) >&2
  exit 1
fi
build_seconds=$((SECONDS - build_started))

# --- test suites ------------------------------------------------------------------------------------------
SUITES=(tests/AstroBlob.Domain.Tests tests/AstroBlob.Infra.Tests tests/AstroBlob.Functions.Tests)
[[ -d tests/AstroBlob.E2E ]] && SUITES+=(tests/AstroBlob.E2E)

results=()
failed=0
for suite in "${SUITES[@]}"; do
  name=$(basename "$suite")
  log "running $name"
  started=$SECONDS
  if dotnet test "$suite" --no-build -c Release --nologo \
      --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" \
      --results-directory TestResults \
      --blame-hang-timeout 15m --blame-hang-dump-type none; then
    results+=("passed  $name ($((SECONDS - started)) s)")
  else
    results+=("FAILED  $name ($((SECONDS - started)) s)")
    failed=1
  fi
done

# --- soak ------------------------------------------------------------------------------------------------
# One minute of customers, technicians and mailboxes against the host while it is killed and its
# storage stopped, then the audit: nothing accepted may be lost or duplicated (exit code 1 if so).
# The full run (4 minutes, figures in RESULTS.md) is: dotnet run -c Release --project tests/AstroBlob.Benchmarks -- --soak
log "running the soak (1 minute of traffic under faults, then the audit)"
started=$SECONDS
if dotnet run --project tests/AstroBlob.Benchmarks --no-build -c Release -- --soak --quick; then
  results+=("passed  soak --quick ($((SECONDS - started)) s)")
else
  results+=("FAILED  soak --quick ($((SECONDS - started)) s)")
  failed=1
fi

printf '\n[test.sh] SUMMARY\n  build   AstroBlob.sln (%d s)\n' "$build_seconds" >&2
printf '  %s\n' "${results[@]}" >&2
if [[ $failed != 0 ]]; then
  printf '[test.sh] some suites FAILED (see above; .trx files in TestResults/)\n' >&2
  exit 1
fi
printf '[test.sh] all suites passed\n' >&2
