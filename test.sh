#!/usr/bin/env bash
# Runs every Parley test: server unit and integration tests, browser tests in headless Chromium and the
# client's unit tests. On a fresh machine it installs what they need: Debian's chromium (browser tests),
# nginx (the reverse-proxy tests start their own, on loopback), redis-server (the several-node tests start their
# own) and the client's npm packages (NuGet packages restore by themselves). Ends with one line: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "Could not install ${missing[*]} (apt-get install ${missing[*]}); the browser, reverse-proxy and mail tests need them." >&2
    exit 1
  }
fi

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"
failed_steps=()

# Builds the server (which runs npm ci and the client build), then runs each test project.
dotnet test Parley.slnx --logger trx --results-directory "$results" || failed_steps+=("dotnet test")

(
  cd src/Parley.Client
  [ -d node_modules ] || npm ci --no-audit --no-fund
  npx vitest run --reporter=default --reporter=json --outputFile="$results/client-tests.json"
) || failed_steps+=("client tests")

# Formatting and code style, as the .editorconfig states them.
dotnet format Parley.slnx --verify-no-changes || failed_steps+=("dotnet format (run: dotnet format Parley.slnx)")

node scripts/test-summary.mjs "$results" "${#failed_steps[@]}"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}" >&2
  exit 1
fi
