#!/usr/bin/env bash
# What one SMS costs the broker and the database. Runs a gateway of its own (database and virtual host
# smssaga_count, port 4300; the simulator always accepts and delivers), measures its idle background for 30 s, sends
# N messages over HTTP, waits until every one has ended, and prints per message: messages published to the broker,
# deliveries to consumers, PostgreSQL transactions that wrote (each one a commit flushed to disk; counted by
# transaction ids, cluster-wide, so run nothing else meanwhile) and all transactions (reads included), each less what
# the idle gateway does in the same time.
#
#   ./scripts/count-per-sms.sh [N] [--tree DIR]    N defaults to 200; DIR: another checkout (an older commit) to measure
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
count=200 tree="$here"
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) tree="$(cd "$2" && pwd)"; shift 2 ;;
    *) count="$1"; shift ;;
  esac
done

"$here/scripts/dev-up.sh" >/dev/null
cd "$tree"
echo "[count] building $(git -C "$tree" log --oneline -1)" >&2
dotnet build SmsSaga.sln -c Release -v quiet -nologo >/dev/null

db=smssaga_count vhost=smssaga_count port=4300
management=(curl -sf -u smssaga:smssaga -H 'content-type: application/json')
export PGPASSWORD=smssaga
sql() { psql -h 127.0.0.1 -U smssaga -d postgres -Atc "$1"; }
sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
"${management[@]}" -X DELETE "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null || true
"${management[@]}" -X PUT "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null
"${management[@]}" -X PUT "http://127.0.0.1:15672/api/permissions/$vhost/smssaga" -d '{"configure":".*","write":".*","read":".*"}' >/dev/null

export ConnectionStrings__Sms="Host=127.0.0.1;Database=$db;Username=smssaga;Password=smssaga;Maximum Pool Size=80;Max Auto Prepare=64;Auto Prepare Min Usages=2"
export RabbitMq__VirtualHost=$vhost Api__AdminKey=count-admin-key ProviderWebhooks__Keys__simulator=count-provider-key
export Simulator__TransientFailureRate=0 Simulator__PermanentFailureRate=0 Simulator__DeliveredRate=1 Serilog__MinimumLevel__Default=Warning
smssaga() { dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll "$@"; }
smssaga migrate >/dev/null
smssaga clients ensure --id count --name "Count" --credit 100000 >/dev/null
key=$(smssaga keys create --client count)

(cd src/SmsSaga.Gateway && exec dotnet bin/Release/net10.0/SmsSaga.Gateway.dll --urls "http://127.0.0.1:$port") >/tmp/count-gateway.log 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.5; done

# The management API's figures refresh every 5 s, PostgreSQL's within a second: each sample waits for both.
sample() {
  sleep 6
  local stats
  stats=$("${management[@]}" "http://127.0.0.1:15672/api/vhosts/$vhost")
  echo "$(date +%s.%N) $(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'") $(sql "SELECT txid_current()") \
$(jq -r '.message_stats.publish // 0' <<<"$stats") $(jq -r '.message_stats.deliver_get // 0' <<<"$stats")"
}
ended() { psql -h 127.0.0.1 -U smssaga -d "$db" -Atc "SELECT count(*) FROM sms WHERE state IN ('Delivered', 'Failed')"; }

sleep 10 # the start-up's own work (Quartz recovery, bindings) settles
read -r t0 c0 w0 p0 d0 < <(sample)
sleep 30
read -r t1 c1 w1 p1 d1 < <(sample)

seq 1 "$count" | xargs -P 8 -I{} curl -sf -o /dev/null "http://127.0.0.1:$port/v1/messages" -H "X-API-Key: $key" \
  -H "Idempotency-Key: count-{}" -H 'content-type: application/json' -d '{"to":"+447911123456","text":"Counting {}"}'
until [ "$(ended)" -ge "$count" ]; do sleep 1; done
sleep 5 # the last captures and callbacks
read -r t2 c2 w2 p2 d2 < <(sample)

python3 - "$count" "$t0" "$c0" "$w0" "$p0" "$d0" "$t1" "$c1" "$w1" "$p1" "$d1" "$t2" "$c2" "$w2" "$p2" "$d2" <<'PY'
import sys
n = int(sys.argv[1]); t0, c0, w0, p0, d0, t1, c1, w1, p1, d1, t2, c2, w2, p2, d2 = map(float, sys.argv[2:])
idle = t1 - t0
for name, a, b, c in (("broker publishes", p0, p1, p2), ("broker deliveries", d0, d1, d2),
                      ("writing transactions", w0, w1, w2), ("all transactions", c0, c1, c2)):
    rate = (b - a) / idle
    print(f"{name:>20}: {(c - b - rate * (t2 - t1)) / n:6.1f} per SMS  (idle background {rate:.1f}/s subtracted over {t2 - t1:.0f} s)")
PY
