# Sourced by the bench scripts: start_hub [extra hub arguments...] starts one hub from hub/target/hub.jar (profile
# demo, demo traffic off, fresh data dir, loopback, free port) and waits until it is healthy. Sets HUB_PORT, HUB_DATA,
# HUB_LOG; the hub is stopped when the calling script exits.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_hub() {
  [ -f hub/target/hub.jar ] && [ -f bench/target/bench.jar ] || ./mvnw -B -ntp -q install -DskipTests
  HUB_DATA=$(mktemp -d /tmp/hub-bench.XXXXXX)
  HUB_PORT=$(free_port)
  HUB_LOG="$HUB_DATA/hub.log"
  HUB_PROFILES=demo java -Xmx2g -Djava.net.preferIPv4Stack=true \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    -jar hub/target/hub.jar --spring.profiles.active=demo --server.address=127.0.0.1 --server.port="$HUB_PORT" \
    --hub.node.data-dir="$HUB_DATA" --hub.demo.traffic=false --hub.demo.rate-limit-per-second=1000000 \
    --hub.messaging.core-url= --hub.cluster.port=0 --hub.cluster.cluster-name="bench-$HUB_PORT" ${HUB_EXTRA_ARGS:-} "$@" \
    >"$HUB_LOG" 2>&1 &
  HUB_PID=$!
  trap 'kill $HUB_PID 2>/dev/null; wait $HUB_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$HUB_PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 $HUB_PID 2>/dev/null || { echo "hub did not start; see $HUB_LOG" >&2; tail -40 "$HUB_LOG" >&2; exit 1; }
    sleep 1
  done
  echo "hub not healthy after 120 s; see $HUB_LOG" >&2
  exit 1
}
