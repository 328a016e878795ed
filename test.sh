#!/usr/bin/env bash
# Runs every Parley test: server unit and integration tests (the integration tests twice: on SQLite, then on
# PostgreSQL), browser tests in headless Chromium and the client's unit tests. On a fresh machine it installs
# what they need: Debian's chromium (browser tests), nginx (the reverse-proxy tests start their own, on
# loopback), postgresql and redis-server (the tests start throwaway servers of their own), and the client's npm
# packages (NuGet packages restore by themselves). Ends with one line: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
# Only the binaries (initdb, pg_ctl) are used: the package's own cluster is never needed, whether it runs or not.
[ -n "${PARLEY_PG_BIN:-}" ] || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "Could not install ${missing[*]} (apt-get install ${missing[*]}); the browser, reverse-proxy, mail and PostgreSQL tests need them." >&2
    exit 1
  }
fi

# Each test process stops its PostgreSQL cluster and Redis as it exits (tests/Parley.Testing/PostgresServer.cs,
# RedisServer.cs); one whose process was killed first would keep running. At the end, however the run ends, such a cluster (its owner
# process gone) is shut down (SIGQUIT: immediate) and its temp folder removed. Clusters of test processes still
# running are left alone.
stop_orphaned_servers() {
  local folder owner pid
  for folder in "${TMPDIR:-/tmp}"/parley-pg-*; do
    [ -d "$folder" ] || continue
    owner=$(cat "$folder/owner.pid" 2>/dev/null) || continue
    kill -0 "$owner" 2>/dev/null && continue
    pid=$(head -n 1 "$folder/data/postmaster.pid" 2>/dev/null)
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then
      kill -QUIT "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -rf "$folder"
  done
  # The same for the throwaway redis-servers (tests/Parley.Testing/RedisServer.cs).
  for folder in "${TMPDIR:-/tmp}"/parley-redis-*; do
    [ -d "$folder" ] || continue
    owner=$(cat "$folder/owner.pid" 2>/dev/null) || continue
    kill -0 "$owner" 2>/dev/null && continue
    pid=$(cat "$folder/redis.pid" 2>/dev/null)
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = redis-server ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$folder"
  done
}
trap stop_orphaned_servers EXIT

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"
failed_steps=()

# Builds the server (which runs npm ci and the client build), then runs each test project.
dotnet test Parley.slnx --logger trx --results-directory "$results" || failed_steps+=("dotnet test")

# The server's data, API and hub tests again on PostgreSQL (the unit tests check both providers' models
# already; the browser tests stay on SQLite; the several-node tests and the tests pinned to one provider's own
# mechanism (ParleyServer.OnSqlite / OnPostgres) ran in the first run already): one throwaway cluster on a loopback
# port for the whole run.
PARLEY_TEST_DATABASE=postgres dotnet test tests/Parley.Tests --no-build -p:SkipClientBuild=true \
  --filter "FullyQualifiedName~Parley.Tests.Integration.&FullyQualifiedName!~Parley.Tests.Integration.Cluster.&FullyQualifiedName!~Parley.Tests.Integration.PostgresSearchTests.&FullyQualifiedName!~Parley.Tests.Integration.PostgresStartTests.&FullyQualifiedName!~Parley.Tests.Integration.SearchIndexingTests." \
  --logger "trx;LogFileName=postgres.trx" --results-directory "$results" || failed_steps+=("dotnet test on PostgreSQL")

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
