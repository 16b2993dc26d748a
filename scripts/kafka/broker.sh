#!/usr/bin/env bash
# One single-node Kafka (KRaft: broker and controller in one JVM, no ZooKeeper) on loopback, in the
# foreground. The one place its configuration lives: scripts/services.sh daemonizes it on the shared
# ports, packages/testing/src/kafka.ts runs brokers of a test's own with it.
#
#   broker.sh <port> <controllerPort> <dataDir>   format <dataDir> once, then exec the broker
#   broker.sh home                                print the Kafka home if it (and java) is installed, else exit 1
#   broker.sh version                             the Kafka version scripts/services.sh installs
#
# The jars come from Maven Central into $FLOORGRAPH_KAFKA_HOME (default /opt/floorgraph/kafka-3.9.2;
# `bash scripts/services.sh kafka` installs them). <dataDir> holds server.properties, the log
# segments (data/) and the broker's log (server.log); the same dataDir again keeps topics and
# committed offsets. SIGTERM shuts it down cleanly.
set -euo pipefail

KAFKA_VERSION=3.9.2
KAFKA_HOME=${FLOORGRAPH_KAFKA_HOME:-/opt/floorgraph/kafka-$KAFKA_VERSION}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

installed() {
  [ -f "$KAFKA_HOME/.installed" ] && compgen -G "$KAFKA_HOME/libs/kafka_2.13-*.jar" >/dev/null && command -v java >/dev/null
}

if [ "${1:-}" = home ]; then
  installed || exit 1
  echo "$KAFKA_HOME"
  exit 0
fi
if [ "${1:-}" = version ]; then echo "$KAFKA_VERSION"; exit 0; fi

if [ $# -ne 3 ]; then
  echo "usage: $0 <port> <controllerPort> <dataDir> | home | version" >&2
  exit 2
fi
port=$1 controller_port=$2 dir=$3
installed || { echo "broker.sh: Kafka is not installed in $KAFKA_HOME (run: bash scripts/services.sh kafka)" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# One node, so every internal topic has one replica. Fewer partitions for the internal topics than
# Kafka's 50 make a first consumer group and a restart quicker. Topics are not auto-created: the
# application creates its own with the admin client, so a typo fails instead of making a topic.
cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
EOF

classpath="$KAFKA_HOME/libs/*"
# A small heap (CI has 2 cores and runs other servers); C1 only, which starts the broker about a
# third faster on a busy 2-core machine and is plenty for test traffic.
java_opts=(
  -Xms64m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true
  -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$dir"
)

# Format the storage once (a new cluster id); a formatted dir keeps its id, topics and offsets.
if [ ! -f "$dir/data/meta.properties" ]; then
  # base64url of 16 random bytes; not one that starts with "-", which kafka-storage would read as an option.
  cluster_id=-
  while [[ $cluster_id == -* ]]; do cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
  java "${java_opts[@]}" -cp "$classpath" kafka.tools.StorageTool format \
    --config "$dir/server.properties" --cluster-id "$cluster_id" --ignore-formatted >&2
fi

exec java "${java_opts[@]}" -cp "$classpath" kafka.Kafka "$dir/server.properties"
