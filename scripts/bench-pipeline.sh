#!/usr/bin/env bash
# Measures the message pipeline end to end on this machine: bursts of plain-JSON SendSms published by a separate
# process (smssaga-bench pipeline), each message followed to SmsDelivered or SmsFailed. Release build, its own
# database and virtual host (smssaga_pipeline), one gateway with every role on 127.0.0.1:4200, the simulator
# answering in 0–2 ms and reporting 0–50 ms later (2 % transient and 1 % permanent refusals, 97 % delivered).
# For each burst it prints: end-to-end messages/s, p50/p99 publish-to-terminal latency, CPU seconds of the gateway,
# PostgreSQL and RabbitMQ during the burst, and the gateway's peak RSS so far. Then the same bursts through the raw
# baseline (smssaga-baseline: the same saga and hops on MassTransit's in-memory saga repository, no database, no
# outbox) and the ratio of the two rates.
#   ./scripts/bench-pipeline.sh                        bursts 2000:1 10000:1 20000:1 2000:10 (messages:clients)
#   ./scripts/bench-pipeline.sh 2000:1 5000:10         other bursts
# Report: appended to docs/pipeline-benchmark-latest.md. Gateway log: /tmp/smssaga-pipeline-gateway.log
set -euo pipefail
cd "$(dirname "$0")/.."
bursts=("$@")
[ ${#bursts[@]} -gt 0 ] || bursts=(2000:1 10000:1 20000:1 2000:10)

SMSSAGA_PG_DATABASES="smssaga smssaga_pipeline" ./scripts/dev-up.sh >/dev/null
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root rabbitmqctl -q delete_vhost smssaga_pipeline >/dev/null 2>&1 || true
SMSSAGA_RABBIT_VHOSTS=smssaga_pipeline ./scripts/dev-up.sh >/dev/null

echo "[pipeline] building" >&2
dotnet build SmsSaga.sln -c Release -v quiet -nologo >/dev/null
smssaga() { dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll "$@"; }

export ConnectionStrings__Sms='Host=127.0.0.1;Port=5432;Database=smssaga_pipeline;Username=smssaga;Password=smssaga;SSL Mode=Disable;Maximum Pool Size=80;Max Auto Prepare=64;Auto Prepare Min Usages=2'
export RabbitMq__VirtualHost=smssaga_pipeline Api__AdminKey=pipeline-admin-key ProviderWebhooks__Keys__simulator=pipeline-provider-key
export Simulator__MinLatencyMs=0 Simulator__MaxLatencyMs=2 Simulator__MinReportDelayMs=0 Simulator__MaxReportDelayMs=50
export Serilog__MinimumLevel__Default=Warning
PGPASSWORD=smssaga psql -h 127.0.0.1 -U smssaga -d smssaga_pipeline -qc 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' 2>/dev/null || true
smssaga migrate >/dev/null
for i in $(seq 0 9); do smssaga clients ensure --id "bench-$i" --name "Bench $i" --credit 1000000 >/dev/null; done

(cd src/SmsSaga.Gateway && exec dotnet bin/Release/net10.0/SmsSaga.Gateway.dll --urls http://127.0.0.1:4200) \
  >/tmp/smssaga-pipeline-gateway.log 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:4200/readyz >/dev/null; do sleep 0.5; done
sleep 5

tick=$(getconf CLK_TCK)
# CPU seconds of a process; for PostgreSQL the postmaster's own, its exited children's (the backends it has reaped)
# and its live children's.
postmaster=$(pgrep -o -x postgres)
pg_cpu() {
  # shellcheck disable=SC2046
  awk -v t="$tick" -v main="$postmaster" '{ s += $14 + $15; if ($1 == main) s += $16 + $17 } END { printf "%.2f", s / t }' \
    "/proc/$postmaster/stat" $(pgrep -P "$postmaster" | sed 's|.*|/proc/&/stat|') 2>/dev/null
}
proc_cpu() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
gateway_pid=$(pgrep -f 'SmsSaga.Gateway.dll --urls http://127.0.0.1:4200' | head -1)
rabbit_pid=$(pgrep -o beam.smp)

report=docs/pipeline-benchmark-latest.md
{
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC, $(git log --oneline -1 | cut -c1-80)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes in src)')"
  echo
  echo "| messages | clients | publish s | end to end s | SMS/s | p50 ms | p99 ms | CPU s gateway | CPU s PostgreSQL | CPU s RabbitMQ | gateway peak RSS MB |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} | tee -a "$report"
declare -A rates
for burst in "${bursts[@]}"; do
  count=${burst%%:*} clients=${burst##*:}
  g0=$(proc_cpu "$gateway_pid") p0=$(pg_cpu) r0=$(proc_cpu "$rabbit_pid")
  line=$(dotnet src/SmsSaga.Bench/bin/Release/net10.0/smssaga-bench.dll pipeline --vhost smssaga_pipeline --count "$count" --clients "$clients" || true)
  g1=$(proc_cpu "$gateway_pid") p1=$(pg_cpu) r1=$(proc_cpu "$rabbit_pid")
  rss=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$gateway_pid/status")
  val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
  echo "| $count | $clients | $(val publish_s) | $(val end_to_end_s) | $(val rate) | $(val p50_ms) | $(val p99_ms) |" \
       "$(echo "$g1 - $g0" | bc) | $(echo "$p1 - $p0" | bc) | $(echo "$r1 - $r0" | bc) | $rss |" | tee -a "$report"
  [ "$(val ended)" = "$count" ] || echo "  (only $(val ended) of $count ended; see /tmp/smssaga-pipeline-gateway.log)" | tee -a "$report"
  rates[$burst]=$(val rate)
  sleep 10 # the last captures and callbacks
done
echo | tee -a "$report"

# The raw baseline, in the same run: the same bursts through the same saga and hops on MassTransit's in-memory saga
# repository, with no database and no outbox (smssaga-baseline), on a virtual host of its own.
kill "$gateway" 2>/dev/null || true
wait "$gateway" 2>/dev/null || true
as_root rabbitmqctl -q delete_vhost smssaga_baseline >/dev/null 2>&1 || true
SMSSAGA_RABBIT_VHOSTS=smssaga_baseline ./scripts/dev-up.sh >/dev/null
dotnet src/SmsSaga.Baseline/bin/Release/net10.0/smssaga-baseline.dll --vhost smssaga_baseline >/tmp/smssaga-pipeline-baseline.log 2>&1 &
baseline=$!
trap 'kill $baseline 2>/dev/null || true' EXIT
until rabbitmqctl_queues=$(as_root rabbitmqctl -q list_queues -p smssaga_baseline name 2>/dev/null) && grep -q '^sms-state$' <<<"$rabbitmqctl_queues"; do sleep 0.5; done
sleep 3
baseline_pid=$(pgrep -f 'smssaga-baseline.dll --vhost smssaga_baseline' | head -1)
{
  echo "Raw baseline (smssaga-baseline: in-memory saga repository, no database, no outbox), same bursts:"
  echo
  echo "| messages | clients | end to end s | SMS/s | p50 ms | p99 ms | CPU s baseline | CPU s RabbitMQ | pipeline / baseline |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} | tee -a "$report"
for burst in "${bursts[@]}"; do
  count=${burst%%:*} clients=${burst##*:}
  b0=$(proc_cpu "$baseline_pid") r0=$(proc_cpu "$rabbit_pid")
  line=$(dotnet src/SmsSaga.Bench/bin/Release/net10.0/smssaga-bench.dll pipeline --vhost smssaga_baseline --count "$count" --clients "$clients" || true)
  b1=$(proc_cpu "$baseline_pid") r1=$(proc_cpu "$rabbit_pid")
  val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
  ratio=$(echo "scale=3; ${rates[$burst]:-0} / $(val rate)" | bc 2>/dev/null || echo "?")
  echo "| $count | $clients | $(val end_to_end_s) | $(val rate) | $(val p50_ms) | $(val p99_ms) | $(echo "$b1 - $b0" | bc) |" \
       "$(echo "$r1 - $r0" | bc) | $ratio |" | tee -a "$report"
done
echo | tee -a "$report"
