#!/usr/bin/env bash
# Installs (from Debian's packages; Kafka's jars from Maven Central) and starts, on loopback only,
# the real servers the test suite can run against: postgres, redis, kafka, or all of them (default).
# Idempotent: safe to run again while they are up. Prints the env to export (only NAME=value lines
# on stdout, logs on stderr). Needs root (apt-get, runuser); used by .ci/run and by developers on a
# Debian-like machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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

# Kafka 3.9 (KRaft, one JVM as broker and controller) from Maven Central's jars, resolved by Maven
# from scripts/kafka/pom.xml into $FLOORGRAPH_KAFKA_HOME/libs; its configuration is in
# scripts/kafka/broker.sh. Broker on 127.0.0.1:9092, controller on 127.0.0.1:9093; data, pid and
# logs in /var/lib/floorgraph-kafka. Stop it with: kill "$(cat /var/lib/floorgraph-kafka/kafka.pid)".
kafka_dir=/var/lib/floorgraph-kafka
install_kafka() {
  command -v java >/dev/null 2>&1 || { log "installing a Java runtime"; apt_install openjdk-17-jre-headless; }
  bash "$here/kafka/broker.sh" home >/dev/null && return
  local version home
  version=$(bash "$here/kafka/broker.sh" version)
  home=${FLOORGRAPH_KAFKA_HOME:-/opt/floorgraph/kafka-$version}
  command -v mvn >/dev/null 2>&1 || { log "installing maven"; apt_install maven; }
  log "installing Kafka $version from Maven Central into $home"
  rm -rf "$home.partial"
  mkdir -p "$home.partial"
  mvn -B -q -Dstyle.color=never -f "$here/kafka/pom.xml" -Dkafka.version="$version" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$home.partial/libs" >&2
  touch "$home.partial/.installed"
  rm -rf "$home"
  mv "$home.partial" "$home"
}
kafka_answers() { # <timeoutMs>
  if (cd "$here/.." && node -e 'require.resolve("kafkajs")' >/dev/null 2>&1); then
    node "$here/kafka/ready.mjs" 127.0.0.1:9092 "$1"
  else # before npm install: Kafka's own client, from the same jars
    local deadline=$((SECONDS + $1 / 1000))
    until timeout 20 java -Xmx128m -cp "$(bash "$here/kafka/broker.sh" home)/libs/*" kafka.admin.BrokerApiVersionsCommand --bootstrap-server 127.0.0.1:9092 >/dev/null 2>&1; do
      [ "$SECONDS" -lt "$deadline" ] || return 1
      sleep 1
    done
  fi
}
start_kafka() {
  install_kafka
  local pidfile=$kafka_dir/kafka.pid
  if [ -f "$pidfile" ] && grep -qsE "kafka\.Kafka|kafka/broker\.sh" "/proc/$(cat "$pidfile")/cmdline"; then
    : # already running (maybe still starting): wait for it below
  elif kafka_answers 1000 2>/dev/null; then
    log "a Kafka broker already answers on 127.0.0.1:9092"
  else
    log "starting Kafka on 127.0.0.1:9092 (controller 127.0.0.1:9093)"
    mkdir -p "$kafka_dir"
    setsid nohup bash "$here/kafka/broker.sh" 9092 9093 "$kafka_dir" >>"$kafka_dir/kafka.out" 2>&1 </dev/null &
    echo $! >"$pidfile"
  fi
  kafka_answers 90000 || {
    log "Kafka did not become ready; the end of $kafka_dir/server.log:"
    tail -n 30 "$kafka_dir/server.log" "$kafka_dir/kafka.out" >&2 || true
    exit 1
  }
  echo "FLOORGRAPH_TEST_KAFKA_BROKERS=127.0.0.1:9092"
}

case "${1:-all}" in
  postgres) start_postgres ;;
  redis) start_redis ;;
  kafka) start_kafka ;;
  all) start_postgres; start_redis; start_kafka ;;
  *) log "unknown service '$1' (known: postgres, redis, kafka, all)"; exit 2 ;;
esac
