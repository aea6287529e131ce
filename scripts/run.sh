#!/usr/bin/env bash
# Runs the gateway on this machine: PostgreSQL and RabbitMQ installed and started if needed, schema
# migrated, a demo client with credit, the simulator provider. Idempotent; stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
./scripts/dev-up.sh

echo "[run] building"
dotnet build SmsSaga.sln -c Release -v quiet -nologo >/dev/null
smssaga() { dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll "$@"; }

echo "[run] migrating the database"
smssaga migrate
echo "[run] demo client"
smssaga clients ensure --id demo --name "Demo client" --credit 100
smssaga clients number --id demo --number 60123 >/dev/null # the demo's short code: inbound messages to it act for demo

echo "[run] API keys"
demo_key=$(smssaga keys create --client demo)
# The operators' key and the simulator's webhook key for this machine: made once, kept out of git.
mkdir -p .local
[ -s .local/admin-key ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > .local/admin-key
[ -s .local/provider-key ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > .local/provider-key
export Api__AdminKey="${Api__AdminKey:-$(cat .local/admin-key)}"
export ProviderWebhooks__Keys__simulator="${ProviderWebhooks__Keys__simulator:-$(cat .local/provider-key)}"
# Bus commands must say who published them (user_id; RabbitMQ checks it): the upstream user may send for the demo
# client only; the gateway's own user, which can do anything on the broker anyway, for any.
export BusSenders__RequireUserId=true
export BusSenders__Users__smssaga__0='*'
export BusSenders__Users__smssaga_upstream__0=demo

url="${ASPNETCORE_URLS:-http://localhost:4000}"
cat <<NEXT

SmsSaga gateway starting on $url (simulator provider; Ctrl+C to stop)

  Demo client's API key: $demo_key
  Admin key (X-Admin-Key): $Api__AdminKey

  Send an SMS over HTTP:
    curl -i $url/v1/messages -H 'X-API-Key: $demo_key' -H 'Idempotency-Key: hello-1' \\
      -H 'content-type: application/json' -d '{"to":"+447911123456","text":"Hello"}'
  Look at it:            curl $url/v1/messages/<id> -H 'X-API-Key: $demo_key'
  Balance:               curl $url/v1/balance -H 'X-API-Key: $demo_key'
  API reference:         $url/docs  (OpenAPI: $url/openapi/v1.json)
  Liveness / readiness:  curl $url/healthz ; curl $url/readyz
  Metrics (Prometheus):  curl $url/metrics
  Upstream services publish over AMQP (127.0.0.1:5672) as smssaga_upstream / smssaga_upstream, with the message
  property user_id=smssaga_upstream: it may publish only to SmsSaga.Contracts:SendSms and :CancelSms, for client demo.
  Send an SMS as plain JSON to the exchange SmsSaga.Contracts:SendSms (here through RabbitMQ's HTTP API, as the gateway's user):
    curl -u smssaga:smssaga -H 'content-type: application/json' \\
      http://localhost:15672/api/exchanges/%2F/SmsSaga.Contracts%3ASendSms/publish \\
      -d '{"routing_key":"","properties":{"content_type":"application/json","delivery_mode":2,"user_id":"smssaga"},"payload_encoding":"string",
           "payload":"{\\"clientId\\":\\"demo\\",\\"idempotencyKey\\":\\"hello-1\\",\\"to\\":\\"+447911123456\\",\\"text\\":\\"Hello\\"}"}'
  An inbound STOP from a phone to the demo's short code 60123 (as the simulator provider would post it):
    curl $url/v1/providers/simulator/inbound -H 'X-Provider-Key: $ProviderWebhooks__Keys__simulator' \
      -H 'content-type: application/json' -d '{"id":"mo-1","from":"+447911123999","to":"60123","text":"STOP"}'
  Then look at it:       psql postgresql://smssaga:smssaga@127.0.0.1/smssaga -c 'select state, reason from sms'
  Demo client's credit:  dotnet src/SmsSaga.Cli/bin/Release/net10.0/smssaga.dll clients show --id demo
  RabbitMQ management:   http://localhost:15672 (smssaga / smssaga)

NEXT
cd src/SmsSaga.Gateway
# A supervisor, as systemd's Restart= or docker's restart policy would be: the gateway exits with 70 when its bus has
# stopped carrying messages (BusWatchdog), and a fresh process takes over. Ctrl+C (or any other exit) ends the script.
while true; do
  code=0
  dotnet bin/Release/net10.0/SmsSaga.Gateway.dll --urls "$url" || code=$?
  [ "$code" -eq 70 ] || exit "$code"
  echo "[run] the gateway's bus stopped carrying messages (exit 70); starting it again" >&2
done
