#!/usr/bin/env bash
# The load benchmark in one command: Parley (Release, loopback, a fresh database per scenario) and the peer chat
# servers of ../shared/peers, the same scenarios on the same machine in one run, then one report with ratios:
# bench/results/load-<stamp>.md and .json. Everything binds to and targets 127.0.0.1 only; every driver run is
# bounded by its own --time-limit and an outer `timeout`.
#
# usage: bench/run.sh [-q] [-s SCENARIOS] [-p PEERS]
#   -q            quick smoke run (small counts, short steps; about 6 minutes); report goes to bench/.runs only
#   -s SCENARIOS  comma list of 1..6 (default all)
#   -p PEERS      comma list of flask_persist,node_mem,node_persist,signalr, or "none" (default all four)
#
# Scenarios (bench/README.md has the details)
#   1  200 clients, 10 rooms of 20, 10 senders, fixed total rates 100 -> 5,000 msgs/s, 10 s each
#   2  same layout, the highest rate with p99 < 100 ms and no loss (x1.5 per 6 s step, then one refinement)
#   3  one room of 500, one sender: the same search (fan-out heavy)
#   4  10,000 idle connections: server RSS per connection
#   5  realistic mix (Parley only): N users in 5 rooms each, a message a minute, typing first, history fetches
#   6  history page and catch-up on a room of 1,000,000 messages (Parley only; bench/Parley.Bench)
set -uo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

QUICK=0
SCENARIOS="1,2,3,4,5,6"
PEERS="flask_persist,node_mem,node_persist,signalr"
while getopts "qs:p:" o; do
  case "$o" in
    q) QUICK=1 ;;
    s) SCENARIOS="$OPTARG" ;;
    p) PEERS="$OPTARG" ;;
    *) sed -n 2,20p "$0"; exit 2 ;;
  esac
done
[ "$PEERS" = none ] && PEERS=""
has() { [[ ",$1," == *",$2,"* ]]; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$BENCH/.runs/$STAMP$([ "$QUICK" = 1 ] && echo -quick)"
WORK="$BENCH/.data/load"
PEERS_COPY="$BENCH/.peers"
SERVER_DIR="$BENCH/.data/server"
PARLEY_PORT=5280
P99_LIMIT=100
mkdir -p "$OUT"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

# ------------------------------------------------------------------ setup (idempotent)
setup() {
  log "building Parley (Release, ReadyToRun: the way it is deployed) and the seeder"
  dotnet build bench/Parley.Bench -c Release -nologo -v q -p:SkipClientBuild=true >"$OUT/build.log" 2>&1 \
    || { log "dotnet build failed (see $OUT/build.log)"; exit 1; }
  rm -rf "$SERVER_DIR"
  dotnet publish src/Parley.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -p:SkipClientBuild=true \
    -o "$SERVER_DIR" -nologo -v q >>"$OUT/build.log" 2>&1 || { log "dotnet publish failed (see $OUT/build.log)"; exit 1; }
  if [ ! -d bench/load/node_modules ]; then (cd bench/load && npm ci --no-audit --no-fund >/dev/null 2>&1) || { log "npm ci in bench/load failed"; exit 1; }; fi

  if [ -n "$PEERS" ]; then
    [ -d "$ROOT/../shared/peers" ] || { log "no ../shared/peers here: run with -p none"; exit 1; }
    # The shared folder is read-only: the peers are installed and built in a git-ignored copy.
    mkdir -p "$PEERS_COPY"
    cp -r "$ROOT/../shared/peers/." "$PEERS_COPY/" && chmod -R u+w "$PEERS_COPY"
    # The copy sits inside this repository: stop MSBuild and the analyzers from applying Parley's own rules to it.
    echo '<Project />' >"$PEERS_COPY/Directory.Build.props"
    echo '<Project />' >"$PEERS_COPY/Directory.Build.targets"
    echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' >"$PEERS_COPY/Directory.Packages.props"
    printf 'root = true\n' >"$PEERS_COPY/.editorconfig"
    if has "$PEERS" flask_persist && ! /usr/bin/python3 -c 'import flask_socketio, eventlet, flask_sqlalchemy' 2>/dev/null; then
      log "installing Debian packages for the Flask peer"
      local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
      $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        python3-flask-socketio python3-eventlet python3-flask-sqlalchemy >/dev/null
    fi
    [ -d "$PEERS_COPY/load/node_modules" ] || (cd "$PEERS_COPY/load" && npm install --no-audit --no-fund >/dev/null 2>&1)
    if [ ! -d "$PEERS_COPY/node_socketio/node_modules" ]; then
      # better-sqlite3 compiles its bundled SQLite (~1 min); build_from_source keeps it from downloading a binary.
      (cd "$PEERS_COPY/node_socketio" && npm_config_build_from_source=true npm install --no-audit --no-fund >/dev/null 2>&1)
    fi
    if has "$PEERS" signalr; then
      (cd "$PEERS_COPY/signalr_ref" && dotnet build -c Release -nologo -v q >/dev/null) || { log "signalr_ref build failed"; exit 1; }
    fi
  fi

  {
    echo "date: $(date -Is)"; echo "kernel: $(uname -r)"; echo "cpus: $(nproc)"; echo "mem: $(free -g | awk '/Mem/{print $2}') GiB"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "node: $(node --version)"; echo "dotnet runtime: $(dotnet --list-runtimes | grep AspNetCore | awk '{print $2}' | tr '\n' ' ')"
    echo "parley: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (uncommitted changes in src)')"
    echo "@microsoft/signalr (driver): $(node -p 'require("./bench/load/node_modules/@microsoft/signalr/package.json").version')"
  } >"$OUT/versions.txt"
}

# ------------------------------------------------------------------ servers
SRV_PID=""; LAUNCH_PID=""
stop_server() { # only the processes this script started
  for p in $SRV_PID $LAUNCH_PID; do kill -TERM "$p" 2>/dev/null; done
  for _ in $(seq 1 40); do
    local alive=0; for p in $SRV_PID $LAUNCH_PID; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.25
  done
  for p in $SRV_PID $LAUNCH_PID; do kill -KILL "$p" 2>/dev/null; done
  [ -n "$LAUNCH_PID" ] && wait "$LAUNCH_PID" 2>/dev/null
  SRV_PID=""; LAUNCH_PID=""
}
cleanup() { stop_server; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; }

# Seeds the load users and rooms once per run; each scenario starts from a copy of that fresh database.
seed_parley() {
  local users=$1
  rm -rf "$WORK" && mkdir -p "$WORK/template"
  log "seeding $users users for the Parley scenarios"
  dotnet bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll seed-load --data "$WORK/template" --users "$users" --out "$WORK/seed.json" \
    >>"$OUT/seed.log" 2>&1 || { log "seeding failed (see $OUT/seed.log)"; exit 1; }
}

# Starts Parley on a fresh copy of the seeded database; records the time from launch to the first answer.
start_parley() { # $1 tag
  local tag=$1 data="$WORK/$1"
  port_free $PARLEY_PORT || { log "port $PARLEY_PORT already in use; refusing"; return 1; }
  rm -rf "$data" && cp -r "$WORK/template" "$data"
  local t0; t0=$(date +%s.%N)
  # Per-user limits are lifted: a benchmark user sends far faster than a person, and it measures the server, not the limits.
  (cd "$data" && exec dotnet "$SERVER_DIR/Parley.Server.dll" \
    --urls "http://127.0.0.1:$PARLEY_PORT" --Parley:DataDirectory="$data" --Logging:LogLevel:Default=Warning \
    --Parley:RateLimits:Requests:Burst=10000000 --Parley:RateLimits:Messages:Burst=10000000 \
    --Parley:RateLimits:Typing:Burst=10000000 --Parley:RateLimits:Searches:Burst=10000000 \
    --Parley:RateLimits:HubConnectionsPerUser=100000 \
    --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information) >"$OUT/$tag.server.log" 2>&1 &
  LAUNCH_PID=$!; SRV_PID=$LAUNCH_PID
  for _ in $(seq 1 400); do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PARLEY_PORT/health"; then
      local t1; t1=$(date +%s.%N)
      sleep 3 # idle RSS: after start-up work settles
      local rss; rss=$(awk '/VmRSS/{print $2}' "/proc/$SRV_PID/status")
      echo "{\"start_to_first_response_s\": $(echo "$t1 - $t0" | bc), \"idle_rss_mb\": $(echo "scale=1; $rss/1024" | bc)}" >"$OUT/$tag.startup.json"
      return 0
    fi
    kill -0 "$LAUNCH_PID" 2>/dev/null || break
    sleep 0.05
  done
  log "Parley did not come up (see $OUT/$tag.server.log)"; stop_server; return 1
}

peer_port() { case "$1" in flask_*) echo 5100 ;; node_*) echo 3100 ;; signalr) echo 5180 ;; esac; }
peer_proto() { case "$1" in signalr) echo signalr ;; *) echo socketio ;; esac; }
start_peer() { # $1 peer, $2 tag
  local peer=$1 lf="$OUT/$2.server.log" port; port=$(peer_port "$1")
  local pidf="$OUT/$2.pid" db="$WORK/$2.db"
  rm -f "$pidf" "$db" "$db-journal"
  port_free "$port" || { log "port $port already in use; refusing"; return 1; }
  case "$peer" in
    flask_persist) (cd "$PEERS_COPY/flask_socketio" && PORT=$port PERSIST=1 DB_PATH="$db" PIDFILE="$pidf" exec /usr/bin/python3 app.py) >"$lf" 2>&1 & ;;
    node_mem)      (cd "$PEERS_COPY/node_socketio" && PORT=$port PERSIST=0 PIDFILE="$pidf" exec node server.js) >"$lf" 2>&1 & ;;
    node_persist)  (cd "$PEERS_COPY/node_socketio" && PORT=$port PERSIST=1 DB_PATH="$db" PIDFILE="$pidf" exec node server.js) >"$lf" 2>&1 & ;;
    signalr)       (cd "$PEERS_COPY/signalr_ref" && PORT=$port PIDFILE="$pidf" exec dotnet run -c Release --no-launch-profile --no-build) >"$lf" 2>&1 & ;;
  esac
  LAUNCH_PID=$!
  for _ in $(seq 1 240); do
    if [ -s "$pidf" ] && curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then SRV_PID=$(cat "$pidf"); return 0; fi
    kill -0 "$LAUNCH_PID" 2>/dev/null || break
    sleep 0.25
  done
  log "peer $peer did not come up (see $lf)"; stop_server; return 1
}

# ------------------------------------------------------------------ scenarios
# The same layout, rates, step lengths and p99 limit for every server; only the way rooms are named differs
# (Parley's rooms are seeded conversations, the peers join rooms by index).
scenario_args() { # $1 scenario, $2 parley|peer
  local rooms_steps rooms_fanout rooms_idle
  if [ "$2" = parley ]; then rooms_steps="--rooms steps"; rooms_fanout="--rooms fanout"; rooms_idle="--rooms idle --per-user 10"
  else rooms_steps="--rooms 10"; rooms_fanout="--rooms 1"; rooms_idle="--rooms 100 --connect-deadline 90"; fi
  if [ "$QUICK" = 1 ]; then
    case "$1" in
      1) echo "--mode steps --clients 200 $rooms_steps --senders 10 --rates 100,1000 --duration 3 --drain 3" ;;
      2) echo "--mode max --clients 200 $rooms_steps --senders 10 --start-rate 500 --factor 2 --duration 3 --drain 3 --max-steps 4" ;;
      3) echo "--mode max --clients 500 $rooms_fanout --senders 1 --start-rate 20 --factor 2 --duration 3 --drain 3 --max-steps 3" ;;
      4) echo "--mode idle --clients 1000 $rooms_idle --idle-warmup 100 --idle-settle 2" ;;
      5) echo "--mode mix --users-steps 200,400 --mix-duration 20 --drain 5" ;;
    esac
  else
    case "$1" in
      1) echo "--mode steps --clients 200 $rooms_steps --senders 10 --rates 100,500,1000,2000,5000 --duration 10 --drain 5" ;;
      2) echo "--mode max --clients 200 $rooms_steps --senders 10 --start-rate 250 --factor 1.5 --duration 6 --drain 5 --max-steps 15" ;;
      3) echo "--mode max --clients 500 $rooms_fanout --senders 1 --start-rate 4 --factor 1.5 --duration 6 --drain 5 --max-steps 16" ;;
      4) echo "--mode idle --clients 10000 $rooms_idle --idle-warmup 200 --idle-settle 5" ;;
      5) echo "--mode mix --users-steps 1000,2000,4000,8000,16000 --mix-duration 60 --drain 5" ;;
    esac
  fi
}
# Every server gets the same warm-up before a measured pass of scenarios 1-3, on the same process: 10 s of the
# scenario's layout at a rate every server holds (100 msgs/s; 10 in the room of 500), results discarded. A server
# in use has compiled its hot paths (.NET's tiered JIT, V8's optimiser); without this the first steps would time
# the compilers, not the servers.
warmup_args() { # $1 scenario, $2 parley|peer
  local a; a=$(scenario_args "$1" "$2" | sed -E 's/--mode [a-z]+//; s/--rates [0-9,]+//; s/--start-rate [0-9]+//; s/--factor [0-9.]+//; s/--max-steps [0-9]+//; s/--duration [0-9]+//')
  case "$1" in 3) echo "$a --mode steps --rates 10 --duration $([ "$QUICK" = 1 ] && echo 3 || echo 10)" ;; *) echo "$a --mode steps --rates 100 --duration $([ "$QUICK" = 1 ] && echo 3 || echo 10)" ;; esac
}

scenario_limit() { case "$1" in 5) echo 200 ;; *) echo $P99_LIMIT ;; esac; }

run_parley() { # $1 scenario
  local sc=$1 tag="parley.s$1"
  start_parley "$tag" || return
  log "$tag: server pid $SRV_PID ($(cat "$OUT/$tag.startup.json"))"
  if [ "$sc" -le 3 ]; then
    # shellcheck disable=SC2046
    timeout 300 node bench/load/driver.js --seed "$WORK/seed.json" --url "http://127.0.0.1:$PARLEY_PORT" --pid "$SRV_PID" \
      --label "$tag.warmup" --json "$OUT/$tag.warmup.json" --time-limit 240 $(warmup_args "$sc" parley) 2>"$OUT/$tag.warmup.log"
  fi
  # shellcheck disable=SC2046
  timeout 1500 node bench/load/driver.js --seed "$WORK/seed.json" --url "http://127.0.0.1:$PARLEY_PORT" --pid "$SRV_PID" \
    --label "$tag" --json "$OUT/$tag.json" --time-limit 1400 --p99-limit "$(scenario_limit "$sc")" $(scenario_args "$sc" parley) \
    2> >(tee "$OUT/$tag.driver.log" >&2)
  log "$tag: driver exit $?"
  stop_server
  sleep 2
}

run_peer() { # $1 peer, $2 scenario
  local peer=$1 sc=$2 tag="$1.s$2"
  start_peer "$peer" "$tag" || return
  log "$tag: server pid $SRV_PID"
  if [ "$sc" -le 3 ]; then
    # shellcheck disable=SC2046
    timeout 300 node "$PEERS_COPY/load/driver.js" --proto "$(peer_proto "$peer")" --url "http://127.0.0.1:$(peer_port "$peer")" \
      --pid "$SRV_PID" --label "$tag.warmup" --json "$OUT/$tag.warmup.json" --time-limit 240 --quiet-wait 1 $(warmup_args "$sc" peer) 2>"$OUT/$tag.warmup.log"
  fi
  # shellcheck disable=SC2046
  timeout 900 node "$PEERS_COPY/load/driver.js" --proto "$(peer_proto "$peer")" --url "http://127.0.0.1:$(peer_port "$peer")" \
    --pid "$SRV_PID" --label "$tag" --json "$OUT/$tag.json" --time-limit 800 --quiet-wait 10 --p99-limit "$P99_LIMIT" \
    $(scenario_args "$sc" peer) 2> >(tee "$OUT/$tag.driver.log" >&2)
  log "$tag: driver exit $?"
  stop_server
  sleep 2
}

setup
log "raw results -> $OUT"
seed_parley "$([ "$QUICK" = 1 ] && echo 1000 || echo 16000)"
IFS=, read -r -a PEER_LIST <<<"$PEERS"
for sc in 1 2 3 4; do
  has "$SCENARIOS" $sc || continue
  run_parley $sc
  for peer in "${PEER_LIST[@]}"; do
    # The peers' in-memory and persisting twins run the same idle path; the Flask peer caps at 1,024 connections.
    if [ $sc = 4 ] && [ "$peer" = node_persist ]; then continue; fi
    run_peer "$peer" $sc
  done
done
has "$SCENARIOS" 5 && run_parley 5
if has "$SCENARIOS" 6; then
  log "scenario 6: history and catch-up on a room of 1,000,000 messages (bench/Parley.Bench)"
  # shellcheck disable=SC2046
  dotnet bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll --json-out "$OUT/parley.s6.json" $([ "$QUICK" = 1 ] && echo "--small --samples 50 --data bench/.data/history-search-small") \
    2>&1 | tee "$OUT/parley.s6.log" >&2
fi

REPORT_DIR="$BENCH/results"; [ "$QUICK" = 1 ] && REPORT_DIR="$OUT"
node bench/load/report.js "$OUT" "$REPORT_DIR/load-$STAMP" && log "report: $REPORT_DIR/load-$STAMP.md"
