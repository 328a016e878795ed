#!/usr/bin/env bash
# Parley's production mode measured, side by side in one run on one machine, into one report
# (bench/results/production-<stamp>.md and .json):
#   load     the same layout as scenario 2 (200 clients, 10 rooms of 20, 10 senders) on three deployments:
#              sqlite1  one node on SQLite (the embedded default: the baseline)
#              pg1      one node on PostgreSQL, no Redis
#              pg3      three nodes on PostgreSQL and Redis, behind nginx (round robin, WebSockets)
#            for each: "cross" = fixed rates with the clients connected to the nodes directly (client i to node
#            i mod N), the senders all on node 1, so every receiver on node 2 or 3 gets messages that crossed nodes
#            (latency reported apart: local / remote); then "max" = the highest rate with p99 < 100 ms, no loss and
#            no errors, every client through the front door (nginx for pg3). CPU seconds of every Parley node, of
#            PostgreSQL (postmaster and backends), Redis and nginx are read from /proc beside the driver's.
#   history  bench/Parley.Bench --provider both: history and search latency on 1.5 million messages (1,000,000 in
#            one room), the same data set and requests on SQLite and on PostgreSQL.
#
# usage: bench/production.sh [-q] [-n] [-v VARIANTS] [-x PARTS]
#   -q           quick smoke run (small counts, 3 s steps, the small history data set); report stays in bench/.runs
#   -n           no build: reuse the last build and publish (after a run of this script or run.sh on the same commit)
#   -v VARIANTS  comma list of sqlite1,pg1,pg3 (default all three)
#   -x PARTS     comma list of load,history (default both)
#
# Everything runs on 127.0.0.1 and is started and stopped here: a PostgreSQL 15 cluster in bench/.data/pg (kept
# between runs: it holds the history data set; as root its commands run as the postgres account), a redis-server
# and nginx in the run's folder, the Parley nodes from a Release publish. PostgreSQL keeps its durable defaults
# (fsync, synchronous_commit on), as SQLite keeps synchronous=FULL: an acknowledged send is on disk on both.
set -uo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

QUICK=0
NO_BUILD=0
VARIANTS="sqlite1,pg1,pg3"
PARTS="load,history"
while getopts "qnv:x:" o; do
  case "$o" in
    q) QUICK=1 ;;
    n) NO_BUILD=1 ;;
    v) VARIANTS="$OPTARG" ;;
    x) PARTS="$OPTARG" ;;
    *) sed -n 2,28p "$0"; exit 2 ;;
  esac
done
has() { [[ ",$1," == *",$2,"* ]]; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$BENCH/.runs/production-$STAMP$([ "$QUICK" = 1 ] && echo -quick)"
WORK="$BENCH/.data/production"
SERVER_DIR="$BENCH/.data/server"
PG_BIN="${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="$BENCH/.data/pg"
PG_PORT=55480
REDIS_PORT=56480
NGINX_PORT=5290
NODE_PORTS=(5281 5282 5283)
P99_LIMIT=100
USERS=1000
mkdir -p "$OUT"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ------------------------------------------------------------------ setup
build() {
  log "building Parley (Release, ReadyToRun: the way it is deployed) and the benchmark tool"
  dotnet build bench/Parley.Bench -c Release -nologo -v q -p:SkipClientBuild=true >"$OUT/build.log" 2>&1 \
    || { log "dotnet build failed (see $OUT/build.log)"; exit 1; }
  rm -rf "$SERVER_DIR"
  dotnet publish src/Parley.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -p:SkipClientBuild=true \
    -o "$SERVER_DIR" -nologo -v q >>"$OUT/build.log" 2>&1 || { log "dotnet publish failed (see $OUT/build.log)"; exit 1; }
}
setup() {
  for tool in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" /usr/bin/psql /usr/bin/redis-server /usr/bin/redis-cli /usr/sbin/nginx; do
    [ -x "$tool" ] || { log "missing $tool: apt-get install -y postgresql redis-server nginx"; exit 1; }
  done
  if [ "$NO_BUILD" = 1 ] && [ -f "$SERVER_DIR/Parley.Server.dll" ] && [ -f bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll ]; then
    log "reusing the last build (-n)"
  else
    build
  fi
  if [ ! -d bench/load/node_modules ]; then (cd bench/load && npm ci --no-audit --no-fund >/dev/null 2>&1) || { log "npm ci in bench/load failed"; exit 1; }; fi
  {
    echo "date: $(date -Is)"; echo "kernel: $(uname -r)"; echo "cpus: $(nproc)"; echo "mem: $(free -g | awk '/Mem/{print $2}') GiB"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "node: $(node --version)"; echo "dotnet runtime: $(dotnet --list-runtimes | grep AspNetCore | awk '{print $2}' | tr '\n' ' ')"
    echo "parley: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (uncommitted changes in src)')"
    echo "postgresql: $("$PG_BIN/postgres" --version | awk '{print $3}')"; echo "redis: $(redis-server --version | awk '{print $3}' | cut -d= -f2)"
    echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2)"
  } >"$OUT/versions.txt"
}

# ------------------------------------------------------------------ PostgreSQL, Redis, nginx (only what this script started is stopped)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_PID=""; REDIS_PID=""; NGINX_DIR=""; NODE_PIDS=()
pg_start() {
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in $PG_DIR"
    rm -rf "$PG_DIR" && mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >>"$OUT/pg.log" 2>&1 || { log "initdb failed (see $OUT/pg.log)"; exit 1; }
  fi
  # A cluster left running by an interrupted run of this script is stopped first (it is ours: it lives in $PG_DIR).
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1 && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >>"$OUT/pg.log" 2>&1
  port_free $PG_PORT || { log "port $PG_PORT already in use; refusing"; exit 1; }
  # max_connections: three nodes' pools (100 each) and the tools; shared_buffers: a modest production-like cache.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=400 -c shared_buffers=256MB" start >>"$OUT/pg.log" 2>&1 \
    || { log "PostgreSQL did not start (see $PG_DIR/server.log)"; exit 1; }
  PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
}
pg_stop() { [ -n "$PG_PID" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >>"$OUT/pg.log" 2>&1; PG_PID=""; }
psql_do() { psql -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1" >>"$OUT/pg.log" 2>&1; }
pg_connection() { echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres${1:+;Database=$1}"; }

redis_start() {
  port_free $REDIS_PORT || { log "port $REDIS_PORT already in use; refusing"; return 1; }
  mkdir -p "$OUT/redis"
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT/redis" --daemonize yes \
    --pidfile "$OUT/redis/redis.pid" --logfile "$OUT/redis/redis.log" || return 1
  for _ in $(seq 1 100); do redis-cli -p $REDIS_PORT ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  REDIS_PID=$(cat "$OUT/redis/redis.pid")
}
redis_stop() { [ -n "$REDIS_PID" ] && kill -TERM "$REDIS_PID" 2>/dev/null; REDIS_PID=""; }

nginx_start() { # upstream ports...
  port_free $NGINX_PORT || { log "port $NGINX_PORT already in use; refusing"; return 1; }
  NGINX_DIR="$OUT/nginx"; mkdir -p "$NGINX_DIR"; chmod 755 "$NGINX_DIR"
  local servers=""; for p in "$@"; do servers+="server 127.0.0.1:$p max_fails=1 fail_timeout=5s; "; done
  # As deployed in front of several nodes (docs/operations.md): round robin, no sticky sessions, WebSockets upgraded.
  cat >"$NGINX_DIR/nginx.conf" <<EOF
worker_processes auto;
worker_rlimit_nofile 65536;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/client_body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream parley { $servers }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://parley;
            proxy_http_version 1.1;
            proxy_set_header Host \$http_host;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 1h;
        }
    }
}
EOF
  /usr/sbin/nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" || return 1
  for _ in $(seq 1 50); do [ -s "$NGINX_DIR/nginx.pid" ] && break; sleep 0.1; done
}
nginx_pid() { [ -n "$NGINX_DIR" ] && [ -s "$NGINX_DIR/nginx.pid" ] && cat "$NGINX_DIR/nginx.pid"; }
nginx_stop() { [ -n "$NGINX_DIR" ] && /usr/sbin/nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -s stop 2>/dev/null; NGINX_DIR=""; }

# ------------------------------------------------------------------ Parley nodes
start_node() { # $1 index, $2 data folder, $3 tag, then server settings
  local i=$1 data=$2 tag=$3; shift 3
  local port=${NODE_PORTS[$i]}
  port_free "$port" || { log "port $port already in use; refusing"; return 1; }
  # Per-user limits are lifted: a benchmark user sends far faster than a person; it measures the server, not the limits.
  (cd "$data" && exec dotnet "$SERVER_DIR/Parley.Server.dll" \
    --urls "http://127.0.0.1:$port" --Parley:DataDirectory="$data" --Logging:LogLevel:Default=Warning \
    --Parley:RateLimits:Requests:Burst=10000000 --Parley:RateLimits:Messages:Burst=10000000 \
    --Parley:RateLimits:Typing:Burst=10000000 --Parley:RateLimits:Searches:Burst=10000000 \
    --Parley:RateLimits:HubConnectionsPerUser=100000 --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information "$@") \
    >"$OUT/$tag.node$((i + 1)).log" 2>&1 &
  local pid=$!
  NODE_PIDS+=("$pid")
  for _ in $(seq 1 600); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/health" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  log "node $((i + 1)) of $tag did not come up (see $OUT/$tag.node$((i + 1)).log)"; return 1
}
stop_nodes() {
  for p in "${NODE_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for _ in $(seq 1 40); do
    local alive=0; for p in "${NODE_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.25
  done
  for p in "${NODE_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  NODE_PIDS=()
}
cleanup() { stop_nodes; nginx_stop; redis_stop; pg_stop; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ seeding (once per run; each variant starts from a copy)
seed_templates() {
  rm -rf "$WORK" && mkdir -p "$WORK"
  if has "$VARIANTS" sqlite1; then
    log "seeding $USERS users on SQLite"
    dotnet bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll seed-load --data "$WORK/template-sqlite" --users $USERS --out "$WORK/seed-sqlite.json" \
      >>"$OUT/seed.log" 2>&1 || { log "seeding failed (see $OUT/seed.log)"; exit 1; }
  fi
  if has "$VARIANTS" pg1 || has "$VARIANTS" pg3; then
    log "seeding $USERS users on PostgreSQL (database bench_load_template)"
    psql_do "DROP DATABASE IF EXISTS bench_load_template" && psql_do "CREATE DATABASE bench_load_template" || { log "createdb failed (see $OUT/pg.log)"; exit 1; }
    dotnet bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll seed-load --data "$WORK/template-pg" --users $USERS --out "$WORK/seed-pg.json" \
      --Parley:Database:Provider=postgres "--ConnectionStrings:Parley=$(pg_connection bench_load_template)" \
      >>"$OUT/seed.log" 2>&1 || { log "seeding failed (see $OUT/seed.log)"; exit 1; }
  fi
}

# ------------------------------------------------------------------ one deployment
if [ "$QUICK" = 1 ]; then
  WARMUP="--mode steps --rates 100 --duration 3"
  CROSS="--mode steps --rates 100,500 --duration 3 --drain 3"
  MAX="--mode max --start-rate 500 --factor 2 --duration 3 --drain 3 --max-steps 3"
else
  WARMUP="--mode steps --rates 100 --duration 10"
  CROSS="--mode steps --rates 200,1000,3000 --duration 10 --drain 5"
  MAX="--mode max --start-rate 250 --factor 1.5 --duration 6 --drain 5 --max-steps 15"
fi
LAYOUT="--clients 200 --rooms steps --senders 10"

drive() { # $1 tag, $2 seed, $3 watch spec, then driver options
  local tag=$1 seed=$2 watch=$3; shift 3
  # shellcheck disable=SC2086
  timeout 1000 node bench/load/driver.js --seed "$seed" --pid "${NODE_PIDS[0]}" --watch "$watch" --label "$tag" --json "$OUT/$tag.json" \
    --time-limit 900 --p99-limit $P99_LIMIT $LAYOUT "$@" 2> >(tee "$OUT/$tag.driver.log" >&2)
  log "$tag: driver exit $?"
}

run_variant() { # $1 variant
  local v=$1 nodes=1 seed data urls front watch
  case "$v" in
    sqlite1)
      seed="$WORK/seed-sqlite.json"; data="$WORK/$v"; rm -rf "$data" && cp -r "$WORK/template-sqlite" "$data"
      start_node 0 "$data" "$v" || { stop_nodes; return; } ;;
    pg1|pg3)
      [ "$v" = pg3 ] && nodes=3
      seed="$WORK/seed-pg.json"; data="$WORK/$v"; rm -rf "$data" && cp -r "$WORK/template-pg" "$data"
      psql_do "DROP DATABASE IF EXISTS bench_load_run" && psql_do "CREATE DATABASE bench_load_run TEMPLATE bench_load_template" \
        || { log "$v: could not copy the template database"; return; }
      local settings=(--Parley:Database:Provider=postgres "--ConnectionStrings:Parley=$(pg_connection bench_load_run)")
      if [ $nodes -gt 1 ]; then
        redis_start || { log "$v: redis did not start"; return; }
        # As scripts/cluster.sh deploys it: nginx on loopback is the one proxy whose forwarded headers are trusted.
        settings+=("--Parley:Redis:Configuration=127.0.0.1:$REDIS_PORT" "--Parley:Proxy:KnownProxies:0=127.0.0.1")
      fi
      # One after the other: the first applies pending migrations; the nodes share the data folder (key ring).
      for i in $(seq 0 $((nodes - 1))); do start_node "$i" "$data" "$v" "${settings[@]}" || { stop_nodes; redis_stop; return; }; done ;;
  esac
  urls=$(for i in $(seq 0 $((nodes - 1))); do printf 'http://127.0.0.1:%s,' "${NODE_PORTS[$i]}"; done); urls=${urls%,}
  front="http://127.0.0.1:${NODE_PORTS[0]}"
  if [ $nodes -gt 1 ]; then
    nginx_start "${NODE_PORTS[@]:0:$nodes}" || { log "$v: nginx did not start"; stop_nodes; redis_stop; return; }
    front="http://127.0.0.1:$NGINX_PORT"
  fi
  watch="parley=$(IFS=+; echo "${NODE_PIDS[*]}")"
  [ "$v" != sqlite1 ] && watch+=",postgres=^$PG_PID"
  [ -n "$REDIS_PID" ] && watch+=",redis=$REDIS_PID"
  [ -n "$(nginx_pid)" ] && watch+=",nginx=^$(nginx_pid)"
  log "$v: $nodes node(s) (pids ${NODE_PIDS[*]}), front $front, watching $watch"
  echo "{\"variant\": \"$v\", \"nodes\": $nodes, \"front\": \"$front\", \"urls\": \"$urls\", \"watch\": \"$watch\"}" >"$OUT/$v.deployment.json"

  # shellcheck disable=SC2086
  drive "$v.warmup" "$seed" "$watch" --url "$front" $WARMUP
  # shellcheck disable=SC2086
  drive "$v.cross" "$seed" "$watch" --url "$front" --urls "$urls" --senders-node 0 $CROSS
  # shellcheck disable=SC2086
  drive "$v.max" "$seed" "$watch" --url "$front" $MAX
  stop_nodes; nginx_stop; redis_stop
  sleep 2
}

setup
log "raw results -> $OUT"
pg_start
if has "$PARTS" load; then
  seed_templates
  IFS=, read -r -a VARIANT_LIST <<<"$VARIANTS"
  for v in "${VARIANT_LIST[@]}"; do run_variant "$v"; done
fi
if has "$PARTS" history; then
  log "history and search on SQLite and PostgreSQL (bench/Parley.Bench --provider both)"
  # shellcheck disable=SC2046
  dotnet bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll --provider both --pg "$(pg_connection)" --json-out "$OUT/history.json" \
    $([ "$QUICK" = 1 ] && echo "--small --samples 50 --data bench/.data/history-search-small") 2>&1 | tee "$OUT/history.log" >&2
fi
cleanup

REPORT_DIR="$BENCH/results"; [ "$QUICK" = 1 ] && REPORT_DIR="$OUT"
node bench/load/production-report.js "$OUT" "$REPORT_DIR/production-$STAMP" && log "report: $REPORT_DIR/production-$STAMP.md"
