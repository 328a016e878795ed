#!/usr/bin/env bash
# Runs Parley as a small production deployment on this machine: PostgreSQL, Redis, three Parley nodes and nginx in
# front of them (round robin, WebSockets, no sticky sessions). Open http://localhost:8080 and chat through any node.
# Everything lives under ./cluster (kept between runs: the database survives a restart of the script); Ctrl-C stops it
# all. Installs Debian's postgresql, redis-server and nginx when missing.
#
#   scripts/cluster.sh            three nodes
#   NODES=5 PORT=9000 scripts/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

nodes="${NODES:-3}"
port="${PORT:-8080}"
pg_port="${PG_PORT:-5433}"
redis_port="${REDIS_PORT:-6380}"
first_node_port="${FIRST_NODE_PORT:-5101}"
root="$PWD/cluster"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]}..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

echo "Building Parley (Release)..."
dotnet build src/Parley.Server -c Release -v quiet -nologo >/dev/null
server_dll="$PWD/src/Parley.Server/bin/Release/net10.0/Parley.Server.dll"

mkdir -p "$root/logs" "$root/redis" "$root/data" "$root/nginx"
pids=()
stop_all() {
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$root/postgres" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop_all EXIT
# A signal ends the script through its EXIT trap, which stops everything it started.
trap 'exit 130' INT TERM

# PostgreSQL refuses to run as root: as root, its folder belongs to Debian's "postgres" account.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ ! -d "$root/postgres" ]; then
  mkdir -p "$root/postgres"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root/postgres"
  as_pg "$pg_bin/initdb" -D "$root/postgres" -A trust -U parley -E UTF8 --locale=C.UTF-8 >"$root/logs/initdb.log"
fi
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root/logs" && chmod 777 "$root/logs"
as_pg "$pg_bin/pg_ctl" -D "$root/postgres" -l "$root/logs/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k /tmp" start >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U parley -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'parley'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$pg_port" -U parley -d postgres -qc "CREATE DATABASE parley"

redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$root/redis" --save "" --appendonly no >"$root/logs/redis.log" &
pids+=($!)

export Parley__Database__Provider=postgres
export ConnectionStrings__Parley="Host=127.0.0.1;Port=$pg_port;Username=parley;Database=parley"
export Parley__Redis__Configuration="127.0.0.1:$redis_port"
export Parley__DataDirectory="$root/data"
export Parley__PublicBaseUrl="http://localhost:$port"
export Parley__Proxy__KnownProxies__0="127.0.0.1"
upstreams=""
for i in $(seq 0 $((nodes - 1))); do
  node_port=$((first_node_port + i))
  upstreams+="server 127.0.0.1:$node_port max_fails=1 fail_timeout=5s; "
  dotnet "$server_dll" --urls "http://127.0.0.1:$node_port" >"$root/logs/node$i.log" 2>&1 &
  pids+=($!)
  # The first node applies the migrations; the others start once it answers.
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$node_port/health" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$node_port/health" >/dev/null || { echo "Node $i did not start: see $root/logs/node$i.log" >&2; exit 1; }
  echo "Node $i on 127.0.0.1:$node_port"
done

cat >"$root/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $root/nginx/nginx.pid;
error_log $root/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_max_body_size 110m;
    client_body_temp_path $root/nginx/body;
    proxy_temp_path $root/nginx/proxy;
    fastcgi_temp_path $root/nginx/fastcgi;
    uwsgi_temp_path $root/nginx/uwsgi;
    scgi_temp_path $root/nginx/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream parley { $upstreams }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://parley;
            proxy_next_upstream error timeout;
            proxy_http_version 1.1;
            proxy_set_header Host \$http_host;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 1h;
        }
    }
}
EOF
/usr/sbin/nginx -c "$root/nginx/nginx.conf" -p "$root/nginx" -e "$root/logs/nginx-error.log" &
pids+=($!)

echo "Parley: http://localhost:$port ($nodes nodes, PostgreSQL on $pg_port, Redis on $redis_port; logs in $root/logs). Ctrl-C stops."
wait
