#!/usr/bin/env bash
# Runs every test against real PostgreSQL and RabbitMQ on loopback, installing and starting them first.
#   ./scripts/test.sh                 the whole suite (what CI runs)
#   ./scripts/test.sh --filter X      any extra arguments go to `dotnet test`
# Results: TestResults/*.trx
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
./scripts/dev-up.sh

# A fresh virtual host for each run: no message of an earlier run is left waiting in a test queue.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
for vhost in smssaga_test smssaga_api_test smssaga_tz_test; do
  as_root rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
done
SMSSAGA_RABBIT_VHOSTS="smssaga_test smssaga_api_test smssaga_tz_test" ./scripts/dev-up.sh >/dev/null

rm -rf TestResults
# One test project at a time (-m:1): the reliability tests stop PostgreSQL and RabbitMQ, which must not
# happen under the API tests.
dotnet test SmsSaga.sln -m:1 --logger "trx" --logger "console;verbosity=normal" --results-directory TestResults "$@"
