#!/usr/bin/env bash
# Brings up PostgreSQL 15 and RabbitMQ on loopback from Debian packages, without Docker.
# Idempotent: installs what is missing, starts what is stopped, creates the role and databases once.
# Run as root (or with sudo). Used by run.sh and test.sh.
set -euo pipefail

PG_USER="${SMSSAGA_PG_USER:-smssaga}"
PG_PASSWORD="${SMSSAGA_PG_PASSWORD:-smssaga}"
PG_DATABASES="${SMSSAGA_PG_DATABASES:-smssaga smssaga_test smssaga_api_test}"
RABBIT_USER="${SMSSAGA_RABBIT_USER:-smssaga}"
RABBIT_PASSWORD="${SMSSAGA_RABBIT_PASSWORD:-smssaga}"
# The user upstream services publish SendSms/CancelSms as (least privilege; see README "Sending over RabbitMQ").
UPSTREAM_USER="${SMSSAGA_UPSTREAM_USER:-smssaga_upstream}"
UPSTREAM_PASSWORD="${SMSSAGA_UPSTREAM_PASSWORD:-smssaga_upstream}"

log() { printf '[dev-up] %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_pkg() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- PostgreSQL ---------------------------------------------------------------------------------
need_pkg postgresql postgresql-contrib
PG_VERSION=$(pg_lsclusters -h | awk 'NR==1{print $1}')
if [ -z "$PG_VERSION" ]; then
  PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
  log "creating PostgreSQL $PG_VERSION cluster"
  as_root pg_createcluster "$PG_VERSION" main
fi
PG_CONF="/etc/postgresql/$PG_VERSION/main/postgresql.conf"
# More connections than Debian's default 100: several gateway instances plus test hosts share the server.
if ! grep -q '^max_connections = 300' "$PG_CONF"; then
  as_root sed -i 's/^#\?max_connections = .*/max_connections = 300/' "$PG_CONF"
  as_root pg_ctlcluster "$PG_VERSION" main stop -m fast >/dev/null 2>&1 || true
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main"{print $4}' | grep -q online; then
  log "starting PostgreSQL $PG_VERSION"
  as_root pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 30); do
  as_root su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin "-c \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\""
fi
for db in $PG_DATABASES; do
  if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" != "1" ]; then
    log "creating database $db"
    psql_admin "-c \"CREATE DATABASE $db OWNER $PG_USER\""
  fi
done

# --- RabbitMQ -----------------------------------------------------------------------------------
need_pkg rabbitmq-server
if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
  log "starting RabbitMQ"
  as_root service rabbitmq-server start >/dev/null
fi
as_root rabbitmqctl -q await_startup
if ! as_root rabbitmq-plugins -q is_enabled rabbitmq_management >/dev/null 2>&1; then
  log "enabling rabbitmq_management"
  as_root rabbitmq-plugins -q enable rabbitmq_management >/dev/null
fi
rabbit_user() { # name password
  if ! as_root rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$1"; then
    log "creating RabbitMQ user $1"
    as_root rabbitmqctl -q add_user "$1" "$2" >/dev/null
  fi
}
# The gateway's own user: everything, and "impersonator" so that requeueing a dead letter keeps its publisher's user_id.
rabbit_user "$RABBIT_USER" "$RABBIT_PASSWORD"
as_root rabbitmqctl -q set_user_tags "$RABBIT_USER" administrator impersonator >/dev/null
# The upstream services' user: may publish to the SendSms and CancelSms exchanges, and nothing else (no queue, no
# internal event, no management). Which clients it may send for is the gateway's BusSenders section.
rabbit_user "$UPSTREAM_USER" "$UPSTREAM_PASSWORD"
as_root rabbitmqctl -q set_user_tags "$UPSTREAM_USER" >/dev/null
for vhost in / ${SMSSAGA_RABBIT_VHOSTS:-smssaga_test}; do
  if ! as_root rabbitmqctl -q list_vhosts | grep -qx "$vhost"; then
    as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null
  fi
  as_root rabbitmqctl -q set_permissions -p "$vhost" "$RABBIT_USER" ".*" ".*" ".*" >/dev/null
  as_root rabbitmqctl -q set_permissions -p "$vhost" "$UPSTREAM_USER" '^$' '^SmsSaga\.Contracts:(SendSms|CancelSms)$' '^$' >/dev/null
  # Dead letters are bounded: at most 100,000 per error queue, the oldest dropped first (their depth is a gateway metric).
  as_root rabbitmqctl -q set_policy -p "$vhost" --apply-to queues smssaga-error-queues '_error$' \
    '{"max-length":100000,"overflow":"drop-head"}' >/dev/null
done
log "PostgreSQL $PG_VERSION on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672 are up"
