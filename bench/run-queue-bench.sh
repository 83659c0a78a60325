#!/usr/bin/env bash
# Queue benchmark, one command: builds Release, starts Redis, PostgreSQL, Business, Reception and the gateway on
# random free 127.0.0.1 ports pinned to CPU 0, runs bench/QueueBench pinned to CPU 1, writes docs/benchmarks.md,
# and stops everything it started (by pid) on the way out. Needs: the .NET SDK, redis-server, PostgreSQL server
# binaries (scripts/install-prerequisites.sh), taskset, curl, 2+ cores.
# Knobs (environment, all bounded): BENCH_CLIENTS=50 BENCH_OPERATIONS=5000 BENCH_WARMUP_OPERATIONS=500 BENCH_RUNS=3
# BENCH_PHASE_CAP_SECONDS=60; BENCH_SKIP_BUILD=1 reuses the last Release build; BENCH_DOC=path writes elsewhere;
# BENCH_NOTE=text adds one line to the run facts (e.g. why a run was shorter than the default).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

server_cpu=0
client_cpu=1
bench_time_limit=1200   # seconds: the whole QueueBench process, whatever its knobs say
doc=${BENCH_DOC:-$repo/docs/benchmarks.md}

[ "$(nproc)" -ge 2 ] || { echo "Needs at least 2 cores: servers on CPU $server_cpu, load generator on CPU $client_cpu." >&2; exit 1; }
for tool in taskset curl dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
scripts/install-prerequisites.sh

# ---- build -------------------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  for project in services/Business/Business.csproj services/Reception/Reception.csproj gateway/Gateway.csproj \
                 bench/QueueBench/QueueBench.csproj; do
    echo "Building $project (Release)" >&2
    # No build servers left behind: this script stops only what it started.
    dotnet build "$project" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false
  done
fi
business_dll=$repo/services/Business/bin/Release/net10.0/HallPlatform.Business.dll
reception_dll=$repo/services/Reception/bin/Release/net10.0/HallPlatform.Reception.dll
gateway_dll=$repo/gateway/bin/Release/net10.0/HallPlatform.Gateway.dll
bench_dll=$repo/bench/QueueBench/bin/Release/net10.0/QueueBench.dll
for dll in "$business_dll" "$reception_dll" "$gateway_dll" "$bench_dll"; do
  [ -f "$dll" ] || { echo "Missing $dll: build failed or BENCH_SKIP_BUILD=1 without a build" >&2; exit 1; }
done

# ---- processes we start, stopped by pid on any exit --------------------------------------------------------------
work=$(mktemp -d /tmp/hall-bench-XXXXXX)
# PostgreSQL runs as the OS user "postgres" when we are root: it must be able to reach its data folder.
chmod 755 "$work"
pids=()        # started process ids, in start order
names=()
postgres_data=$work/postgres

stop_all() {
  local status=$?
  set +e
  local i pid
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    pid=${pids[$i]}
    kill -0 "$pid" 2>/dev/null || continue
    if [ "${names[$i]}" = postgres ] && [ -s "$postgres_data/postmaster.pid" ]; then
      # SIGINT to the postmaster (our child's child, named by its pid file): fast shutdown, no waiting for clients.
      kill -INT "$(head -n1 "$postgres_data/postmaster.pid")" 2>/dev/null
    else
      kill -TERM "$pid" 2>/dev/null
    fi
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "${names[$i]} (pid $pid) did not stop in 10 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

used_ports=" "
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    case "$used_ports" in *" $port "*) continue ;; esac
    if ! ss -Hltn "sport = :$port" | grep -q .; then
      used_ports+="$port "
      echo "$port"
      return 0
    fi
  done
  echo "No free port found" >&2
  return 1
}

random_secret() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

# start NAME LOGFILE COMMAND...: runs the command pinned to the server CPU, in the background, remembered by pid.
start() {
  local name=$1 log=$2
  shift 2
  taskset -c "$server_cpu" "$@" >"$log" 2>&1 &
  pids+=("$!")
  names+=("$name")
}

wait_until() {
  local what=$1 pid=$2 log=$3
  shift 3
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited while starting. Last lines of its log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$what not ready after 60 s. Last lines of its log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

redis_port=$(free_port); postgres_port=$(free_port)
business_http=$(free_port); business_grpc=$(free_port)
reception_http=$(free_port); reception_grpc=$(free_port)
gateway_http=$(free_port); gateway_grpc=$(free_port)
redis_password=$(random_secret)
postgres_password=$(random_secret)
# The key the gateway and the services share to sign callers (HallPlatform:Identity); ignored by builds without it.
identity_key=$(random_secret)$(random_secret)
# The gateway's HS256 key for staff tokens; QueueBench signs a counter agent's token with it for call-next.
jwt_key=$(random_secret)$(random_secret)
# Business and Reception encrypt personal data at rest and refuse to start without a key ring.
data_key=$(head -c 32 /dev/urandom | base64)
lookup_key=$(head -c 32 /dev/urandom | base64)

# ---- Redis and PostgreSQL ----------------------------------------------------------------------------------------
echo "Starting Redis on 127.0.0.1:$redis_port and PostgreSQL on 127.0.0.1:$postgres_port (CPU $server_cpu)" >&2
REDIS_PASSWORD=$redis_password start redis "$work/redis.log" scripts/redis-server.sh "$work/redis" "$redis_port"
POSTGRES_PASSWORD=$postgres_password start postgres "$work/postgres.log" \
  scripts/postgres-server.sh "$postgres_data" "$postgres_port"
redis_ping() { REDISCLI_AUTH=$redis_password redis-cli -h 127.0.0.1 -p "$redis_port" ping | grep -q PONG; }
wait_until Redis "${pids[0]}" "$work/redis.log" redis_ping
pg_isready_bin=$(compgen -G "/usr/lib/postgresql/*/bin/pg_isready" | sort -V | tail -n1)
wait_until PostgreSQL "${pids[1]}" "$work/postgres.log" "$pg_isready_bin" -q -h 127.0.0.1 -p "$postgres_port"

# ---- services, configured by environment variables only ----------------------------------------------------------
redis_cs="127.0.0.1:$redis_port,password=$redis_password"
pg_cs() { echo "Host=127.0.0.1;Port=$postgres_port;Username=postgres;Password=$postgres_password;Database=$1"; }
start_service() {   # NAME DLL HTTP_PORT GRPC_PORT KEY=VALUE...
  local name=$1 dll=$2 http=$3 grpc=$4
  shift 4
  (
    # Inherited settings that would change the measurement go; secrets travel in the environment, never in argv.
    unset OTEL_EXPORTER_OTLP_ENDPOINT ASPNETCORE_URLS ASPNETCORE_HTTP_PORTS DOTNET_URLS
    export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
    export Kestrel__Endpoints__http__Url="http://127.0.0.1:$http" Kestrel__Endpoints__grpc__Url="http://127.0.0.1:$grpc"
    export HallPlatform__Identity__SigningKey="$identity_key"
    export HallPlatform__DataProtection__Keys__bench="$data_key" HallPlatform__DataProtection__ActiveKeyId=bench \
      HallPlatform__DataProtection__LookupKey="$lookup_key"
    # The content root (appsettings.json) is the working directory: run from the build output. `env` because some
    # configuration keys contain '-' (route ids), which `export` cannot name.
    cd "$(dirname "$dll")"
    exec env "$@" taskset -c "$server_cpu" dotnet "$dll"
  ) >"$work/$name.log" 2>&1 &
  pids+=("$!")
  names+=("$name")
  wait_until "$name" "$!" "$work/$name.log" curl -fsS --max-time 2 "http://127.0.0.1:$http/health"
  echo "$name ready on http://127.0.0.1:$http (gRPC $grpc)" >&2
}

start_service business "$business_dll" "$business_http" "$business_grpc" \
  ConnectionStrings__businessdb="$(pg_cs businessdb)"
start_service reception "$reception_dll" "$reception_http" "$reception_grpc" \
  ConnectionStrings__redis="$redis_cs" ConnectionStrings__receptiondb="$(pg_cs receptiondb)" \
  services__business__grpc__0="http://127.0.0.1:$business_grpc"
# The gateway's other clusters (fault, complaint, quality) resolve to nothing: not on the measured routes.
# Two bench-only settings, environment only: a "floor" route forwarding /bench-floor to Reception's /alive (the cost
# of the fixed shape, YARP + Kestrel, with no application work), and rate limits raised far above the load so the
# limiter still runs but never rejects (production limits would turn the benchmark into 429s).
huge_limit=1000000000
start_service gateway "$gateway_dll" "$gateway_http" "$gateway_grpc" \
  ConnectionStrings__redis="$redis_cs" Gateway__Auth__Jwt__SigningKey="$jwt_key" \
  ReverseProxy__Routes__benchfloor__ClusterId=reception ReverseProxy__Routes__benchfloor__AuthorizationPolicy=anonymous \
  ReverseProxy__Routes__benchfloor__Match__Path=/bench-floor \
  ReverseProxy__Routes__benchfloor__Transforms__0__PathSet=/alive \
  Gateway__RateLimits__Anonymous__PermitLimit=$huge_limit Gateway__RateLimits__Staff__PermitLimit=$huge_limit \
  Gateway__RateLimits__Partner__PermitLimit=$huge_limit \
  Gateway__RateLimits__Routes__reception-visits-create__Anonymous__PermitLimit=$huge_limit \
  Gateway__RateLimits__Routes__reception-grpc-check-in__Anonymous__PermitLimit=$huge_limit \
  services__reception__http__0="http://127.0.0.1:$reception_http" \
  services__reception__grpc__0="http://127.0.0.1:$reception_grpc" \
  services__business__http__0="http://127.0.0.1:$business_http" \
  services__business__grpc__0="http://127.0.0.1:$business_grpc"

# ---- the benchmark -----------------------------------------------------------------------------------------------
# Machine speed check: docs/platform-facts.md quotes about 110k SET/s for this Redis at 50 clients on this machine kind.
redis_set_rate=n/a
if command -v redis-benchmark >/dev/null; then
  # redis-benchmark takes the password only as -a: acceptable for this run's throwaway, loopback-only secret.
  redis_set_rate=$(taskset -c "$client_cpu" redis-benchmark -h 127.0.0.1 -p "$redis_port" -a "$redis_password" \
    -t set -n 50000 -c 50 -q 2>/dev/null | tr '\r' '\n' | sed -n 's/^SET: \([0-9.]*\) requests per second.*/\1/p' | tail -n1) || true
  redis_set_rate=${redis_set_rate%.*}
  redis_set_rate=${redis_set_rate:-n/a}
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
our_pids=" ${pids[*]} "
others_before=$(ps -eo pid=,comm=,args= | awk -v ours="$our_pids" \
  '$2 != "awk" && /dotnet|MSBuild|testhost|vstest|VBCSCompiler/ && index(ours, " " $1 " ") == 0 { n++ } END { print n + 0 }')
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "Running QueueBench on CPU $client_cpu (load average before: $load_before)" >&2
(
  export BENCH_IDENTITY_KEY="$identity_key" BENCH_JWT_KEY="$jwt_key"
  export BENCH_REDIS="$redis_cs" BENCH_RECEPTION_URL="http://127.0.0.1:$reception_http/"
  export BENCH_GATEWAY_URL="http://127.0.0.1:$gateway_http/" BENCH_OUT="$work/results.md"
  # For the CPU-per-operation table: our server processes (postgres = the postmaster) and their core.
  export BENCH_SERVER_CPU=$server_cpu BENCH_SERVER_PIDS="redis:${pids[0]},postgres:$(head -n1 "$postgres_data/postmaster.pid"),business:${pids[2]},reception:${pids[3]},gateway:${pids[4]}"
  exec timeout "$bench_time_limit" taskset -c "$client_cpu" dotnet "$bench_dll"
) >"$work/bench.stdout" &
bench_pid=$!
pids+=("$bench_pid")
names+=(queuebench)
wait "$bench_pid"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- docs/benchmarks.md ------------------------------------------------------------------------------------------
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
redis_version=$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')
postgres_version=$("$(dirname "$pg_isready_bin")/postgres" --version | sed -n 's/.*(PostgreSQL) \([0-9.]*\).*/\1/p')
{
  echo "# Benchmarks"
  echo
  echo "Written by \`bench/run-queue-bench.sh\` (do not edit by hand; rerun the script)."
  echo
  echo "## Queue: check-in and call-next (issue 3)"
  echo
  echo "- Run: $started_at, one run of the script."
  echo "- Machine: $(nproc) cores ($cpu_model), .NET SDK $(dotnet --version), Redis $redis_version, PostgreSQL $postgres_version."
  echo "- Pinning: Redis, PostgreSQL, Business, Reception and the gateway on CPU $server_cpu (\`taskset -c $server_cpu\`);" \
       "QueueBench on CPU $client_cpu (\`taskset -c $client_cpu\`). Everything on 127.0.0.1."
  echo "- Speed check: \`redis-benchmark -t set -c 50\` against this Redis: ${redis_set_rate} SET/s (docs/platform-facts.md" \
       "quotes about 110k on this machine kind), so absolute numbers here are those of a slower or busier host."
  echo "- Services: Release build, \`ASPNETCORE_ENVIRONMENT=Production\`, logging at Warning, tracing on but no OTLP exporter."
  if [ -n "${BENCH_NOTE:-}" ]; then echo "- Note: $BENCH_NOTE"; fi
  echo "- Machine shared with other engineers' builds and tests: load average $load_before before, $load_after after;" \
       "$others_before other .NET build/test processes were running at the start. Ratios are measured side by side" \
       "within one run, so they are steadier than the absolute numbers."
  echo
  cat "$work/results.md"
  echo "### Method"
  echo
  echo "- Paths: **bare Redis script** = Reception's own check-in and call-next Lua scripts (\`QueueScripts\`), sent by"
  echo "  StackExchange.Redis from the load generator through Reception's \`QueueStore\` (the service's keys, arguments"
  echo "  and result parsing), in a hall of their own so they never mix with the service's queue; **direct** = \`POST /api/v1/visits\` and \`POST /api/v1/counters/{id}/call-next\` on Reception's HTTP port;"
  echo "  **gateway** = the same requests through the gateway's HTTP port (YARP)."
  echo "- What a request does behind HTTP: check-in validates against the cached hall catalogue, runs the script and"
  echo "  inserts the visit row and its event through Reception's group-commit writer (many check-ins per PostgreSQL"
  echo "  transaction, each answered after its commit); call-next reads the counter (one primary-key lookup), runs the"
  echo "  script, updates the visit row (group commit), announces the call on the board, opens the order in Business"
  echo "  over gRPC (one INSERT ... ON CONFLICT there, group-committed too) and stores the order id (group commit)."
  echo "  Bare Redis is the script alone."
  echo "- Floor: \`GET /alive\` on Reception directly, and through the gateway on a bench-only route (\`/bench-floor\`"
  echo "  forwarded to Reception's \`/alive\`, set by environment variables); the gateway's rate limits are raised far"
  echo "  above the load (the limiter runs but never rejects), also by environment variables only."
  echo "- Load: closed loop, ${BENCH_CLIENTS:-50} concurrent clients, HTTP/1.1 keep-alive (SocketsHttpHandler, one connection"
  echo "  per client). Per run and path: ${BENCH_OPERATIONS:-5000} check-ins (\`new-line\`), then as many call-nexts as"
  echo "  check-ins succeeded, spread over counters c01, c02, c05; each phase capped at ${BENCH_PHASE_CAP_SECONDS:-60} s."
  echo "  Warm-up of ${BENCH_WARMUP_OPERATIONS:-500} of each per path first, not recorded. ${BENCH_RUNS:-3} runs; each run"
  echo "  starts with a different path; the table shows the median run."
  echo "- Bare Redis call-next compares the tickets that share the head's enqueue millisecond (the script's tie rule);"
  echo "  check-ins at bare-Redis speed put many tickets in one millisecond, so that row is the script's costly case."
  echo "- CPU table: utime+stime from /proc per server process (PostgreSQL = postmaster + backends) and the server core's"
  echo "  busy time, in 10 ms ticks: the bare Redis phases last well under a second, so their split is coarse."
  echo "- Latency: Stopwatch timestamps around each call, one slot per operation, nearest-rank p50/p99 over completed"
  echo "  operations. Throughput = completed operations / phase wall time."
  echo "- Limits: one 2-core VM shared with other work; all servers share one core, so the HTTP paths measure the"
  echo "  whole stack competing for CPU 0, not any single component. The client runs on its own core but is .NET too."
} >"$doc.tmp"
mv "$doc.tmp" "$doc"
cat "$work/bench.stdout"
echo "Wrote $doc" >&2
