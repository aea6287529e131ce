#!/usr/bin/env bash
# Measures the gateway's HTTP API on this machine: POST /v1/messages at increasing open-loop rates, each
# step followed by GET /healthz at the same rate as the baseline (see src/SmsSaga.Bench). Brings up
# PostgreSQL and RabbitMQ (dev-up.sh, needs root or sudo), builds in Release, migrates a separate
# database `smssaga_bench` (a fresh RabbitMQ virtual host `smssaga_bench`), creates a client `bench` with
# credit and a fresh API key, starts the gateway on 127.0.0.1:4100 with its rate limit lifted, runs the
# benchmark and stops the gateway again.
#   --layout api (default)  an API instance alone (Gateway:Roles=Api): the front door as it scales out. A
#                           worker is started once beforehand to declare the queues, so the broker keeps
#                           every accepted message, as it would for workers on other machines.
#   --layout all            one process with the API and every consumer (Roles "Api, Worker"), sharing the
#                           two cores with the message pipeline working through what the API accepts.
#   ./scripts/bench-api.sh                                  rates 100,250,500,750; report in docs/api-benchmark-latest.md
#   ./scripts/bench-api.sh --layout all --rates 50,100 --seconds 5   other arguments replace those defaults (smssaga-bench --help)
# Gateway log: /tmp/smssaga-bench-gateway.log
set -euo pipefail
cd "$(dirname "$0")/.."

layout=api
if [ "${1:-}" = "--layout" ]; then layout=${2:-}; shift 2; fi
case "$layout" in
  api) roles=Api; label="Gateway layout: one API instance alone (Gateway:Roles=Api); the broker keeps what it accepts." ;;
  all) roles="Api, Worker"; label="Gateway layout: one process with the API and every consumer (Gateway:Roles=Api, Worker)." ;;
  *) echo "--layout is api or all" >&2; exit 2 ;;
esac

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
SMSSAGA_PG_DATABASES="smssaga smssaga_bench" ./scripts/dev-up.sh
# A fresh virtual host: no message of an earlier run is waiting in a queue for the pipeline.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root rabbitmqctl -q delete_vhost smssaga_bench >/dev/null 2>&1 || true
SMSSAGA_RABBIT_VHOSTS=smssaga_bench ./scripts/dev-up.sh >/dev/null

echo "[bench] building"
dotnet build SmsSaga.sln -c Release -v quiet -nologo >/dev/null
smssaga() { dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll "$@"; }

export ConnectionStrings__Sms='Host=127.0.0.1;Port=5432;Database=smssaga_bench;Username=smssaga;Password=smssaga;SSL Mode=Disable;Maximum Pool Size=80;Max Auto Prepare=64;Auto Prepare Min Usages=2'
export RabbitMq__VirtualHost=smssaga_bench
echo "[bench] migrating smssaga_bench, client 'bench', new API key"
smssaga migrate
smssaga clients ensure --id bench --name Benchmark --credit 1000000
key=$(smssaga keys create --client bench)
[ -n "$key" ] || { echo "[bench] 'smssaga keys create' printed no key" >&2; exit 1; }

# Warnings only, and a rate limit the benchmark cannot reach: it measures the API, not the limiter.
export Serilog__MinimumLevel__Default=Warning Api__RatePerSecond=100000 Api__Burst=100000
log=/tmp/smssaga-bench-gateway.log
gateway=
trap '[ -z "$gateway" ] || { kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null; } || true' EXIT
# start_gateway ROLES: starts the gateway with those roles on 127.0.0.1:4100 and waits until it is ready.
start_gateway() {
  (cd src/SmsSaga.Gateway && Gateway__Roles="$1" exec dotnet bin/Release/net10.0/SmsSaga.Gateway.dll --urls http://127.0.0.1:4100) >"$log" 2>&1 &
  gateway=$!
  for i in $(seq 1 60); do
    curl -fsS http://127.0.0.1:4100/readyz >/dev/null 2>&1 && return 0
    if ! kill -0 "$gateway" 2>/dev/null || [ "$i" -eq 60 ]; then
      echo "[bench] the gateway did not become ready; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 1
  done
}
stop_gateway() { kill "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true; gateway=; }

if [ "$layout" = api ]; then
  echo "[bench] declaring the queues (a worker, started and stopped)"
  start_gateway Worker
  stop_gateway
fi
echo "[bench] starting the gateway ($roles) on http://127.0.0.1:4100 (log: $log)"
start_gateway "$roles"

[ $# -gt 0 ] || set -- --rates 100,250,500,750 --seconds 10 --warmup 2 --out docs/api-benchmark-latest.md
dotnet src/SmsSaga.Bench/bin/Release/net10.0/smssaga-bench.dll --url http://127.0.0.1:4100 --key "$key" --label "$label" "$@"
