#!/usr/bin/env bash
# Measures the gateway's HTTP API on this machine: POST /v1/messages at increasing open-loop rates, each
# step followed by GET /healthz at the same rate as the baseline (see src/SmsSaga.Bench). Brings up
# PostgreSQL and RabbitMQ (dev-up.sh, needs root or sudo), builds in Release, migrates a separate
# database `smssaga_bench` (RabbitMQ virtual host `smssaga_bench`), creates a client `bench` with credit
# and a fresh API key, starts the gateway on 127.0.0.1:4100 with its rate limit lifted, runs the
# benchmark and stops the gateway again.
#   ./scripts/bench-api.sh                                  rates 100,250,500,750; report in docs/api-benchmark-latest.md
#   ./scripts/bench-api.sh --rates 50,100 --seconds 5      any arguments replace those defaults (see smssaga-bench --help)
# Gateway log: /tmp/smssaga-bench-gateway.log
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
SMSSAGA_PG_DATABASES="smssaga smssaga_bench" SMSSAGA_RABBIT_VHOSTS=smssaga_bench ./scripts/dev-up.sh

echo "[bench] building"
dotnet build SmsSaga.sln -c Release -v quiet -nologo >/dev/null
smssaga() { dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll "$@"; }

export ConnectionStrings__Sms='Host=127.0.0.1;Port=5432;Database=smssaga_bench;Username=smssaga;Password=smssaga;SSL Mode=Disable;Maximum Pool Size=80'
export RabbitMq__VirtualHost=smssaga_bench
echo "[bench] migrating smssaga_bench, client 'bench', new API key"
smssaga migrate
smssaga clients ensure --id bench --name Benchmark --credit 1000000
key=$(smssaga keys create --client bench)
[ -n "$key" ] || { echo "[bench] 'smssaga keys create' printed no key" >&2; exit 1; }

# Warnings only, and a rate limit the benchmark cannot reach: it measures the API, not the limiter.
export Serilog__MinimumLevel__Default=Warning Api__RatePerSecond=100000 Api__Burst=100000
log=/tmp/smssaga-bench-gateway.log
echo "[bench] starting the gateway on http://127.0.0.1:4100 (log: $log)"
(cd src/SmsSaga.Gateway && exec dotnet bin/Release/net10.0/SmsSaga.Gateway.dll --urls http://127.0.0.1:4100) >"$log" 2>&1 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true' EXIT
for i in $(seq 1 60); do
  curl -fsS http://127.0.0.1:4100/readyz >/dev/null 2>&1 && break
  if ! kill -0 "$gateway" 2>/dev/null || [ "$i" -eq 60 ]; then
    echo "[bench] the gateway did not become ready; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  sleep 1
done

[ $# -gt 0 ] || set -- --rates 100,250,500,750 --seconds 10 --warmup 2 --out docs/api-benchmark-latest.md
dotnet src/SmsSaga.Bench/bin/Release/net10.0/smssaga-bench.dll --url http://127.0.0.1:4100 --key "$key" "$@"
