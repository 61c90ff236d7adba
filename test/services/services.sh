#!/usr/bin/env bash
# Starts, stops and reports the real servers the integration tests run against, on loopback ports.
#
#   services.sh up|down|status [kafka|rabbitmq|mongo|ferretdb|ferretdb-auth ...]
#
# No name means all. `mongo` means both FerretDB instances (plain, and SCRAM + TLS).
# Each server keeps its data, log and pid file under <repo>/.services/<name>/ (git-ignored), or under
# $EFX_SERVICES_DIR/<name>/ when that is set (several checkouts can then share one rig).
# Ports are fixed and documented in README.md beside this file and in ports.ts.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${EFX_SERVICES_DIR:-$ROOT/.services}"
CACHE="${EFX_CACHE:-$HOME/.cache/event-flow-explorer}"
KAFKA_HOME="$CACHE/kafka-4.1.1"
FERRETDB_BIN="$CACHE/ferretdb-v1.24.2/ferretdb"

KAFKA_PORT=39092
KAFKA_CONTROLLER_PORT=39093
RABBITMQ_PORT=35672
RABBITMQ_MANAGEMENT_PORT=35673
RABBITMQ_DIST_PORT=35674
RABBITMQ_EPMD_PORT=34369
RABBITMQ_NODE=efx@localhost
FERRETDB_PORT=37017
FERRETDB_AUTH_PORT=37027
FERRETDB_TLS_PORT=37028

# The client compiler alone and the serial collector start the broker in about half the time on a busy
# 2-core machine; set EFX_KAFKA_JVM_FLAGS="" for the JVM's defaults (more throughput for benchmarks).
KAFKA_JVM_FLAGS="${EFX_KAFKA_JVM_FLAGS--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

# Seconds to wait for readiness / for a graceful stop.
READY_TIMEOUT="${EFX_READY_TIMEOUT:-90}"
STOP_TIMEOUT=20

ALL=(kafka rabbitmq ferretdb ferretdb-auth)

say() { echo "services: $*"; }
die() { echo "services: error: $*" >&2; exit 1; }

pid_of() { # name [file] -> pid from its pid file, or nothing
  local file="$STATE/$1/${2:-$1}.pid"
  [ -f "$file" ] && cat "$file" || true
}

alive() { # pid -> true if that process runs
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# A pid file can outlive its process (a reboot, a killed machine) and its number be reused: a pid
# counts as ours only if that process names our state folder in its command line or environment.
ours() { # name pid
  alive "$2" || return 1
  cat "/proc/$2/cmdline" "/proc/$2/environ" 2>/dev/null | tr '\0' '\n' | grep -qF "$STATE/$1/"
}

running() { # name [pid file stem] -> prints the pid and succeeds if it runs and is ours
  local pid
  pid="$(pid_of "$@")"
  ours "$1" "$pid" && echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

rss_mb() { # pid -> resident memory of it and its children, in MB
  local total=0 p kb
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)"
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}

probe() { # name [probe args...]
  node "$HERE/probe.cjs" "$@"
}

# A server that does not answer yet but whose port is taken by something else would make the
# tests talk to the wrong thing: refuse to start over it.
check_port_free() { # name port
  if port_open "$2"; then
    die "$1: port $2 is already in use by a process this script did not start (see: ss -ltnp 'sport = :$2')"
  fi
}

spawn() { # name command... -> starts detached in its own session, logs to <name>.log, writes <name>.pid
  local name="$1"; shift
  # setsid: a Ctrl-C in the terminal that ran `up` must not reach the servers.
  setsid "$@" >>"$STATE/$name/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name/$name.pid"
}

wait_ready() { # name pid
  local started=$SECONDS
  probe "$1" --wait "$READY_TIMEOUT" --pid "$2" --log "$STATE/$1/$1.log" \
    || die "$1 did not become ready (timeout ${READY_TIMEOUT} s); its log is $STATE/$1/$1.log"
  say "$1 ready in $((SECONDS - started)) s"
}

stop_pid() { # name pid -> SIGTERM, then SIGKILL after the timeout
  local name="$1" pid="$2" i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  say "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT} s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# --- Kafka -------------------------------------------------------------------------------------

kafka_start() {
  local dir="$STATE/kafka"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  check_port_free kafka "$KAFKA_PORT"
  check_port_free kafka "$KAFKA_CONTROLLER_PORT"
  if [ ! -f "$dir/data/meta.properties" ]; then
    # A cluster id is 16 random bytes in URL-safe base64; making it here saves a JVM start. It may start
    # with '-', so it is passed as --cluster-id=ID, never as a separate argument the parser would take for a flag.
    local cluster_id
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    java -cp "$KAFKA_HOME/lib/*" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
      kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$dir/server.properties" >>"$dir/kafka.log" 2>&1 \
      || die "kafka: formatting the storage failed; see $dir/kafka.log"
  fi
  # shellcheck disable=SC2086 # KAFKA_JVM_FLAGS is a list of flags
  spawn kafka java -Xms256m -Xmx512m $KAFKA_JVM_FLAGS \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
    -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$dir/server.properties"
}

kafka_stop() {
  stop_pid kafka "$(running kafka || true)"
}

# --- RabbitMQ ----------------------------------------------------------------------------------

# The scripts in /usr/lib/rabbitmq/bin run as the calling user with this environment; the /usr/sbin
# wrappers would switch to the rabbitmq user and its Erlang cookie.
rabbitmq_env() {
  local dir="$STATE/rabbitmq"
  export HOME="$dir/home"
  export RABBITMQ_NODENAME="$RABBITMQ_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$RABBITMQ_PORT"
  export RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT"
  export ERL_EPMD_PORT="$RABBITMQ_EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$dir/data"
  export RABBITMQ_LOG_BASE="$dir"
  # "-" sends the broker's log to stdout, which spawn appends to rabbitmq.log.
  export RABBITMQ_LOGS=-
  export RABBITMQ_PID_FILE="$dir/beam.pid"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
}

rabbitmq_start() {
  local dir="$STATE/rabbitmq"
  mkdir -p "$dir/home" "$dir/data"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
collect_statistics_interval = 1000
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  check_port_free rabbitmq "$RABBITMQ_PORT"
  check_port_free rabbitmq "$RABBITMQ_MANAGEMENT_PORT"
  check_port_free rabbitmq "$RABBITMQ_DIST_PORT"
  (
    rabbitmq_env
    # Our own epmd, started first and in the foreground of its own session, so that `down` can end
    # exactly this one by its pid (Erlang would otherwise start a daemon that nothing tracks).
    if ! running rabbitmq epmd >/dev/null; then
      check_port_free rabbitmq "$RABBITMQ_EPMD_PORT"
      spawn rabbitmq epmd -port "$RABBITMQ_EPMD_PORT" -address 127.0.0.1
      mv "$dir/rabbitmq.pid" "$dir/epmd.pid"
    fi
    spawn rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server
  )
}

rabbitmq_stop() {
  local dir="$STATE/rabbitmq" pid beam
  pid="$(running rabbitmq || true)"
  beam="$(running rabbitmq beam || true)"
  if [ -n "$pid$beam" ]; then
    (rabbitmq_env && /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODE" stop >>"$dir/rabbitmq.log" 2>&1) \
      || say "rabbitmq: rabbitmqctl stop failed (see $dir/rabbitmq.log); falling back to SIGTERM"
  fi
  stop_pid rabbitmq "$pid"
  # The VM itself, in case its wrapper script was killed and left it behind.
  stop_pid rabbitmq "$(running rabbitmq beam || true)"
  stop_pid rabbitmq "$(running rabbitmq epmd || true)"
}

# --- FerretDB ----------------------------------------------------------------------------------

ferretdb_args() { # name port
  local dir="$STATE/$1"
  mkdir -p "$dir/data" "$dir/state"
  echo --handler=sqlite "--sqlite-url=file:$dir/data/" "--state-dir=$dir/state" \
    "--listen-addr=127.0.0.1:$2" --telemetry=disable --debug-addr=- --log-level=info
}

ferretdb_start() {
  check_port_free ferretdb "$FERRETDB_PORT"
  # shellcheck disable=SC2046 # the paths hold no spaces: they are under the repo and the cache
  spawn ferretdb "$FERRETDB_BIN" $(ferretdb_args ferretdb "$FERRETDB_PORT")
}

make_tls_cert() { # dir -> a self-signed certificate for 127.0.0.1, which is also its own CA file
  local tls="$1/tls"
  [ -f "$tls/cert.pem" ] && [ -f "$tls/key.pem" ] && return 0
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$tls/key.pem" -out "$tls/cert.pem" >/dev/null 2>&1 \
    || die "ferretdb-auth: openssl could not make the test certificate"
}

ferretdb_auth_start() {
  local dir="$STATE/ferretdb-auth"
  make_tls_cert "$dir"
  check_port_free ferretdb-auth "$FERRETDB_AUTH_PORT"
  check_port_free ferretdb-auth "$FERRETDB_TLS_PORT"
  # shellcheck disable=SC2046
  spawn ferretdb-auth "$FERRETDB_BIN" $(ferretdb_args ferretdb-auth "$FERRETDB_AUTH_PORT") \
    --test-enable-new-auth --setup-database=admin --setup-username=efx --setup-password=efx-secret \
    "--listen-tls=127.0.0.1:$FERRETDB_TLS_PORT" \
    "--listen-tls-cert-file=$dir/tls/cert.pem" "--listen-tls-key-file=$dir/tls/key.pem"
}

ferretdb_stop() { stop_pid ferretdb "$(running ferretdb || true)"; }
ferretdb_auth_stop() { stop_pid ferretdb-auth "$(running ferretdb-auth || true)"; }

# --- dispatch ----------------------------------------------------------------------------------

fn() { echo "${1//-/_}_$2"; }

ports_of() {
  case "$1" in
    kafka) echo "$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)" ;;
    rabbitmq) echo "$RABBITMQ_PORT (management $RABBITMQ_MANAGEMENT_PORT, dist $RABBITMQ_DIST_PORT, epmd $RABBITMQ_EPMD_PORT)" ;;
    ferretdb) echo "$FERRETDB_PORT" ;;
    ferretdb-auth) echo "$FERRETDB_AUTH_PORT (TLS $FERRETDB_TLS_PORT)" ;;
  esac
}

# Resident memory of everything the server runs as (RabbitMQ: wrapper script, Erlang VM, epmd).
server_rss() {
  local name="$1" total=0 p
  for p in $(running "$name" || true) $( [ "$name" = rabbitmq ] && { running rabbitmq epmd || true; } ); do
    total=$((total + $(rss_mb "$p")))
  done
  echo "$total"
}

up() {
  local n pid to_wait=() running_names=() ready failed=0
  for n in "$@"; do
    if running "$n" >/dev/null; then running_names+=("$n"); fi
  done
  # One probe for all that already run: they are usually all ready, and then `up` costs a second.
  ready="$( [ ${#running_names[@]} -gt 0 ] && probe "${running_names[@]}" || true)"
  for n in "$@"; do
    if pid="$(running "$n")"; then
      if grep -qx "$n" <<<"$ready"; then say "$n already up (pid $pid)"; continue; fi
    else
      say "starting $n on port $(ports_of "$n")"
      "$(fn "$n" start)"
    fi
    to_wait+=("$n")
  done
  # The servers start side by side; waiting for them one after the other costs only the slowest.
  local waiters=()
  for n in "${to_wait[@]}"; do
    wait_ready "$n" "$(pid_of "$n")" &
    waiters+=($!)
  done
  for pid in "${waiters[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" -eq 0 ] || die "not every server is ready (see above); \`$0 down\` stops what started"
}

down_one() {
  local n="$1"
  if running "$n" >/dev/null || { [ "$n" = rabbitmq ] && running rabbitmq epmd >/dev/null; }; then
    "$(fn "$n" stop)"
    say "$n down"
  fi
  rm -f "$STATE/$n/"*.pid
}

down() {
  # Side by side, like `up`: RabbitMQ's orderly stop alone takes several seconds.
  local n stoppers=() pid
  for n in "$@"; do
    down_one "$n" &
    stoppers+=($!)
  done
  for pid in "${stoppers[@]}"; do wait "$pid" || true; done
}

status() {
  local n pid state ready
  ready="$(probe "$@" || true)"
  for n in "$@"; do
    if pid="$(running "$n")"; then
      state=up
      grep -qx "$n" <<<"$ready" || state="starting (not ready)"
      [ "$n" = rabbitmq ] && pid="$pid (Erlang VM $(pid_of rabbitmq beam), epmd $(pid_of rabbitmq epmd))"
      echo "$n: $state, port $(ports_of "$n"), pid $pid, rss $(server_rss "$n") MB, log .services/$n/$n.log"
    else
      echo "$n: down, port $(ports_of "$n")"
    fi
  done
}

expand_names() {
  local n
  [ $# -eq 0 ] && { printf '%s\n' "${ALL[@]}"; return; }
  for n in "$@"; do
    case "$n" in
      mongo) printf '%s\n' ferretdb ferretdb-auth ;;
      kafka | rabbitmq | ferretdb | ferretdb-auth) echo "$n" ;;
      *) die "unknown server '$n' (kafka, rabbitmq, mongo, ferretdb, ferretdb-auth)" ;;
    esac
  done
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  local names
  names="$(expand_names "$@")" || exit 1
  # shellcheck disable=SC2086 # one simple word per line
  set -- $names
  case "$cmd" in
    up)
      bash "$HERE/install.sh"
      mkdir -p "$STATE"
      up "$@"
      ;;
    down) down "$@" ;;
    status) status "$@" ;;
    *) echo "usage: $0 up|down|status [kafka|rabbitmq|mongo|ferretdb|ferretdb-auth ...]" >&2; exit 2 ;;
  esac
}

main "$@"
