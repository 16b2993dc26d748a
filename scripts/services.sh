#!/usr/bin/env bash
# Installs (from Debian's packages) and starts, on loopback only, the real servers the test suite can
# run against. Idempotent: safe to run again while they are up. Prints the env to export.
# Needs root (apt-get, runuser); used by .ci/run and by developers on a Debian-like machine.
set -euo pipefail

log() { printf 'services: %s\n' "$*" >&2; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || { log "installing postgresql"; apt_install postgresql; }
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >&2
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    log "starting PostgreSQL $version on 127.0.0.1:$port"
    pg_ctlcluster "$version" main start >&2
  fi
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL did not become ready"; exit 1; }
  # A throwaway test password for the loopback-only superuser; tests create and drop their own databases.
  runuser -u postgres -- psql -q -p "$port" -c "alter user postgres password 'postgres'" >&2
  echo "FLOORGRAPH_TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$port/postgres"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || { log "installing redis-server"; apt_install redis-server; }
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    log "starting Redis on 127.0.0.1:6379"
    mkdir -p /var/lib/floorgraph-redis
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
      --dir /var/lib/floorgraph-redis --logfile /var/lib/floorgraph-redis/redis.log >&2
  fi
  for _ in $(seq 1 40); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 0.25
  done
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { log "Redis did not become ready"; exit 1; }
  echo "FLOORGRAPH_TEST_REDIS_URL=redis://127.0.0.1:6379"
}

case "${1:-all}" in
  postgres) start_postgres ;;
  redis) start_redis ;;
  all) start_postgres; start_redis ;;
  *) log "unknown service '$1' (known: postgres, redis, all)"; exit 2 ;;
esac
