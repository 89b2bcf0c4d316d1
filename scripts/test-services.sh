#!/usr/bin/env bash
# Installs (Debian packages) and starts PostgreSQL and Redis on loopback for the test suite,
# then prints the environment to export. Used by .ci/run; handy on a developer machine too:
#   eval "$(bash scripts/test-services.sh)" && make test
set -euo pipefail

PG_USER=portal
PG_PASSWORD=portal
PG_DB=portal
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL: Debian's package creates the "main" cluster; start it if it is not running.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$pg_version main"; then
  pg_createcluster "$pg_version" main -p "$PG_PORT" >&2
fi
pg_ctlcluster "$pg_version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" >&2
su postgres -c "psql -p $PG_PORT -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 \
  || su postgres -c "psql -p $PG_PORT -qc \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\"" >&2
su postgres -c "psql -p $PG_PORT -qtAc \"SELECT 1 FROM pg_database WHERE datname='$PG_DB'\"" | grep -q 1 \
  || su postgres -c "createdb -p $PG_PORT -O $PG_USER $PG_DB" >&2

# Redis: a private instance on loopback, no persistence.
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes >&2
fi
for _ in $(seq 1 30); do
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.5
done
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >&2

echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
