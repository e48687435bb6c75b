# Sourced by the bench scripts (run from the repository root).
#
#   hub_command             sets HUB_CMD (an array): the command that starts one bench hub from hub/target/hub.jar
#                           (or $HUB_JAR, e.g. a copy of an earlier build for a before/after comparison),
#                           profile demo with its traffic off, loopback only, every listener with a fixed default port
#                           switched off (MQTT and core acceptors of the broker, the operator port unless start_hub
#                           gives it one, the demo's OPC UA simulator), heap
#                           ${HUB_HEAP:-2g}, then the words of $HUB_EXTRA_ARGS. The defaults are Java system properties,
#                           so any --name=value argument (the caller's, or $HUB_EXTRA_ARGS) overrides them; the HTTP
#                           port, the Hazelcast port and the data directory are the caller's to give.
#   start_hub [args...]     starts one hub with HUB_CMD on a fresh data dir, free HTTP, operator and Hazelcast ports,
#                           and waits (at most $HUB_START_TIMEOUT s, default 120; a loaded machine may need more)
#                           until it is healthy. Sets HUB_PORT, HUB_OPERATOR_PORT (its Prometheus scrape), HUB_DATA,
#                           HUB_LOG, HUB_PID.
#   start_pg_cluster        starts a throw-away PostgreSQL cluster (bin/pg-cluster) on a free loopback port. Sets
#                           PG_DIR and PG_URL (user postgres, trust on loopback).
# Whatever these start is stopped when the calling script exits.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

_on_exit=()
on_exit() {
  _on_exit+=("$1")
  trap '_rc=$?; for _c in "${_on_exit[@]}"; do eval "$_c" || true; done; exit $_rc' EXIT
}

build_jars() {
  [ -f hub/target/hub.jar ] && [ -f bench/target/bench.jar ] || ./mvnw -B -ntp -q -DskipTests package
}

hub_command() {
  build_jars
  # shellcheck disable=SC2206 # HUB_EXTRA_ARGS is a list of words
  HUB_CMD=(java "-Xmx${HUB_HEAP:-2g}" -Djava.net.preferIPv4Stack=true
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    -Dspring.profiles.active=demo -Dserver.address=127.0.0.1
    -Dhub.demo.traffic=false -Dhub.demo.opcua-port=0 -Dhub.demo.rate-limit-per-second=1000000
    -Dhub.messaging.mqtt-url= -Dhub.messaging.core-url= -Dhub.operator.port=0
    -Dhub.cluster.bind-address=127.0.0.1 -Dhub.cluster.port=0
    -jar "${HUB_JAR:-hub/target/hub.jar}" ${HUB_EXTRA_ARGS:-})
}

start_hub() {
  hub_command
  HUB_DATA=$(mktemp -d /tmp/hub-bench.XXXXXX)
  HUB_PORT=$(free_port)
  HUB_OPERATOR_PORT=$(free_port)
  HUB_LOG="$HUB_DATA/hub.log"
  "${HUB_CMD[@]}" --server.port="$HUB_PORT" --hub.operator.port="$HUB_OPERATOR_PORT" --hub.node.data-dir="$HUB_DATA" \
    --hub.cluster.cluster-name="bench-$HUB_PORT" "$@" >"$HUB_LOG" 2>&1 &
  HUB_PID=$!
  on_exit 'kill $HUB_PID 2>/dev/null; wait $HUB_PID 2>/dev/null'
  for _ in $(seq 1 "${HUB_START_TIMEOUT:-120}"); do
    curl -sf "http://127.0.0.1:$HUB_PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 $HUB_PID 2>/dev/null || { echo "hub did not start; see $HUB_LOG" >&2; tail -40 "$HUB_LOG" >&2; exit 1; }
    sleep 1
  done
  echo "hub not healthy after ${HUB_START_TIMEOUT:-120} s; see $HUB_LOG" >&2
  exit 1
}

start_pg_cluster() {
  # its own folder directly under /tmp: the postgres user that runs the server must reach it
  PG_DIR=$(mktemp -d /tmp/hub-bench-pg.XXXXXX)
  PG_URL=$(bin/pg-cluster start "$PG_DIR" "$(free_port)")
  on_exit 'bin/pg-cluster stop "$PG_DIR" >/dev/null 2>&1; rm -rf "$PG_DIR"'
  echo "PostgreSQL: $PG_URL (cluster in $PG_DIR)"
}
