#!/usr/bin/env bash
# Starts, stops and reports the real servers the integration tests run against, on loopback ports.
#
#   services.sh up|down|status [kafka|kafka-cluster|rabbitmq|mongo|ferretdb|ferretdb-auth|schema-registry ...]
#
# No name means all but `kafka-cluster` (three brokers that only the Kafka fault tests need: name it);
# `schema-registry` (Apicurio) is built from Maven Central on its first `up` and cached;
# for `down`, no name means all of them, the cluster included.
# `mongo` means both FerretDB instances (plain, and SCRAM + TLS).
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
APICURIO_APP="$CACHE/apicurio-registry-2.4.2/app"

KAFKA_PORT=39092
KAFKA_CONTROLLER_PORT=39093
KAFKA_SASL_PORT=39094
KAFKA_SSL_PORT=39095
# The 3-node cluster: node N listens on 2910N (PLAINTEXT) and 2911N (CONTROLLER). Below the ephemeral range
# (32768-60999): its nodes are killed and restarted while clients connect, and a client socket that took a
# restarting node's port as its own local port made that node fail to bind.
KAFKA_CLUSTER_PORT_BASE=29100
KAFKA_CLUSTER_CONTROLLER_BASE=29110
KAFKA_USER=efx
KAFKA_PASSWORD=efx-secret
KAFKA_KEYSTORE_PASSWORD=efx-keystore
RABBITMQ_PORT=35672
RABBITMQ_MANAGEMENT_PORT=35673
RABBITMQ_DIST_PORT=35674
RABBITMQ_EPMD_PORT=34369
RABBITMQ_TLS_PORT=35675
RABBITMQ_NODE=efx@localhost
FERRETDB_PORT=37017
FERRETDB_AUTH_PORT=37027
FERRETDB_TLS_PORT=37028
SCHEMA_REGISTRY_PORT=38081

# The client compiler alone and the serial collector start the broker in about half the time on a busy
# 2-core machine; set EFX_KAFKA_JVM_FLAGS="" for the JVM's defaults (more throughput for benchmarks).
KAFKA_JVM_FLAGS="${EFX_KAFKA_JVM_FLAGS--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

# Seconds to wait for readiness / for a graceful stop.
READY_TIMEOUT="${EFX_READY_TIMEOUT:-90}"
STOP_TIMEOUT=20

ALL=(kafka rabbitmq ferretdb ferretdb-auth schema-registry)
KNOWN="kafka, kafka-cluster, rabbitmq, mongo, ferretdb, ferretdb-auth, schema-registry"

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

kafka_jvm() { # name node-dir properties -> starts one broker detached
  # shellcheck disable=SC2086 # KAFKA_JVM_FLAGS is a list of flags
  setsid java -Xms256m -Xmx512m $KAFKA_JVM_FLAGS \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
    -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$3" >>"$2/$1.log" 2>&1 </dev/null &
  echo $! >"$2/$1.pid"
}

kafka_format() { # dir properties [storage tool args...] -> formats once (a new cluster id unless given)
  local dir="$1" props="$2"; shift 2
  [ -f "$dir/data/meta.properties" ] && return 0
  local cluster_id="${KAFKA_CLUSTER_ID:-}"
  # A cluster id is 16 random bytes in URL-safe base64; making it here saves a JVM start. It may start
  # with '-', so it is passed as --cluster-id=ID, never as a separate argument the parser would take for a flag.
  [ -n "$cluster_id" ] || cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  java -cp "$KAFKA_HOME/lib/*" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
    kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$props" "$@" >>"$dir/format.log" 2>&1 \
    || die "kafka: formatting the storage in $dir failed; see $dir/format.log"
}

# A CA and a broker certificate for IP:127.0.0.1 signed by it, the broker's as a PKCS12 keystore.
# Clients trust tls/ca.pem (ports.ts: kafkaCaFile).
make_kafka_tls() { # dir
  local tls="$1/tls"
  [ -f "$tls/broker.p12" ] && [ -f "$tls/ca.pem" ] && return 0
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=efx-test-ca" -keyout ca.key -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout broker.key -out broker.csr
    printf 'subjectAltName=IP:127.0.0.1\n' >ext.cnf
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile ext.cnf -out broker.pem
    openssl pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -name broker \
      -passout "pass:$KAFKA_KEYSTORE_PASSWORD" -out broker.p12.tmp
    mv broker.p12.tmp broker.p12
  ) >/dev/null 2>&1 || die "kafka: openssl could not make the test certificates in $tls"
}

# What every node of the rig shares: one combined broker + controller, fast group starts.
kafka_common_props() { # data-dir replication
  cat <<PROPS
process.roles=broker,controller
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$1
num.partitions=1
offsets.topic.replication.factor=$2
transaction.state.log.replication.factor=$2
transaction.state.log.min.isr=$2
share.coordinator.state.topic.replication.factor=$2
share.coordinator.state.topic.min.isr=$2
group.initial.rebalance.delay.ms=0
PROPS
}

# The single node: PLAINTEXT, SASL_PLAINTEXT (SCRAM-SHA-256/512 and PLAIN, user efx) and SSL.
kafka_start() {
  local dir="$STATE/kafka"
  mkdir -p "$dir/data"
  make_kafka_tls "$dir"
  {
    kafka_common_props "$dir/data" 1
    cat <<PROPS
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_USER="$KAFKA_PASSWORD";
ssl.keystore.type=PKCS12
ssl.keystore.location=$dir/tls/broker.p12
ssl.keystore.password=$KAFKA_KEYSTORE_PASSWORD
PROPS
  } >"$dir/server.properties"
  check_port_free kafka "$KAFKA_PORT"
  check_port_free kafka "$KAFKA_CONTROLLER_PORT"
  check_port_free kafka "$KAFKA_SASL_PORT"
  check_port_free kafka "$KAFKA_SSL_PORT"
  if [ ! -f "$dir/data/meta.properties" ]; then
    kafka_format "$dir" "$dir/server.properties" \
      --add-scram "SCRAM-SHA-256=[name=$KAFKA_USER,password=$KAFKA_PASSWORD]" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_USER,password=$KAFKA_PASSWORD]"
    touch "$dir/data/efx-scram-users"
  fi
  kafka_jvm kafka "$dir" "$dir/server.properties"
  # Storage formatted before the SASL listener existed has no SCRAM users: add them once it answers
  # (the readiness probe logs in with them, so `up` waits for this too).
  [ -f "$dir/data/efx-scram-users" ] || kafka_add_scram_users "$dir" &
}

kafka_add_scram_users() { # dir
  local dir="$1" i
  for ((i = 0; i < READY_TIMEOUT; i++)); do port_open "$KAFKA_PORT" && break; sleep 1; done
  # One mechanism per request: the broker refuses to alter one user's credentials twice in a request.
  local mechanism
  for ((i = 0; i < 10; i++)); do
    for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
      java -cp "$KAFKA_HOME/lib/*" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" kafka.admin.ConfigCommand \
        --bootstrap-server "127.0.0.1:$KAFKA_PORT" --entity-type users --entity-name "$KAFKA_USER" --alter \
        --add-config "$mechanism=[password=$KAFKA_PASSWORD]" >>"$dir/format.log" 2>&1 || { sleep 2; continue 2; }
    done
    touch "$dir/data/efx-scram-users"
    return 0
  done
  say "kafka: could not add the SCRAM users (see $dir/format.log)"
}

kafka_stop() {
  stop_pid kafka "$(running kafka || true)"
}

# The 3-node cluster (PLAINTEXT only, replication 3, min ISR 2): only the Kafka fault tests use it, and
# they kill and restart its nodes. `up kafka-cluster` starts whichever node is not running.
kafka_cluster_node_start() { # node number
  local n="$1" dir="$STATE/kafka-cluster" voters="" i
  for i in 1 2 3; do voters+="${voters:+,}$i@127.0.0.1:$((KAFKA_CLUSTER_CONTROLLER_BASE + i))"; done
  mkdir -p "$dir/node$n/data"
  {
    kafka_common_props "$dir/node$n/data" 3
    cat <<PROPS
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((KAFKA_CLUSTER_PORT_BASE + n)),CONTROLLER://127.0.0.1:$((KAFKA_CLUSTER_CONTROLLER_BASE + n))
advertised.listeners=PLAINTEXT://127.0.0.1:$((KAFKA_CLUSTER_PORT_BASE + n))
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
default.replication.factor=3
min.insync.replicas=2
PROPS
  } >"$dir/node$n/server.properties"
  check_port_free kafka-cluster "$((KAFKA_CLUSTER_PORT_BASE + n))"
  check_port_free kafka-cluster "$((KAFKA_CLUSTER_CONTROLLER_BASE + n))"
  [ -f "$dir/cluster.id" ] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$dir/cluster.id"
  KAFKA_CLUSTER_ID="$(cat "$dir/cluster.id")" kafka_format "$dir/node$n" "$dir/node$n/server.properties"
  kafka_jvm "node$n" "$dir" "$dir/node$n/server.properties"
}

kafka_cluster_start() {
  local n
  for n in 1 2 3; do
    running kafka-cluster "node$n" >/dev/null || kafka_cluster_node_start "$n"
  done
  # The service's own pid file names node 1, so that `running kafka-cluster` and `wait_ready` work as for the others.
  cp "$STATE/kafka-cluster/node1.pid" "$STATE/kafka-cluster/kafka-cluster.pid"
  : >>"$STATE/kafka-cluster/kafka-cluster.log"
}

kafka_cluster_stop() {
  local n
  for n in 1 2 3; do stop_pid kafka-cluster "$(running kafka-cluster "node$n" || true)" & done
  wait
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

# A CA, the broker's certificate for IP:127.0.0.1 and a client certificate (CN=efx-client), both signed by
# the CA. Clients trust tls/ca.pem and present tls/client.pem + tls/client.key (ports.ts: rabbitmqTls).
make_rabbitmq_tls() { # dir
  local tls="$1/tls"
  [ -f "$tls/ca.pem" ] && [ -f "$tls/server.pem" ] && [ -f "$tls/client.pem" ] && return 0
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=efx-rabbitmq-test-ca" -keyout ca.key -out ca.pem
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >server.cnf
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile server.cnf -out server.pem
    printf 'extendedKeyUsage=clientAuth\n' >client.cnf
    openssl req -newkey rsa:2048 -nodes -subj "/CN=efx-client" -keyout client.key -out client.csr
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile client.cnf -out client.pem.tmp
    mv client.pem.tmp client.pem
  ) >/dev/null 2>&1 || die "rabbitmq: openssl could not make the test certificates in $tls"
}

rabbitmq_start() {
  local dir="$STATE/rabbitmq"
  mkdir -p "$dir/home" "$dir/data"
  make_rabbitmq_tls "$dir"
  # The AMQPS listener verifies the client and refuses one without a certificate signed by tls/ca.pem:
  # ssl_options hold for every TLS listener of a node, so one listener tests both the server's and the
  # client's certificate.
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
listeners.ssl.default = 127.0.0.1:$RABBITMQ_TLS_PORT
ssl_options.cacertfile = $dir/tls/ca.pem
ssl_options.certfile = $dir/tls/server.pem
ssl_options.keyfile = $dir/tls/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
collect_statistics_interval = 1000
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  check_port_free rabbitmq "$RABBITMQ_PORT"
  check_port_free rabbitmq "$RABBITMQ_MANAGEMENT_PORT"
  check_port_free rabbitmq "$RABBITMQ_DIST_PORT"
  check_port_free rabbitmq "$RABBITMQ_TLS_PORT"
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

# --- Schema registry (Apicurio Registry 2.4.2.Final, in-memory) ------------------------------------

# Its Confluent-compatible API answers under /apis/ccompat/v7; the storage is in memory (gone on restart).
schema_registry_start() {
  local dir="$STATE/schema-registry"
  mkdir -p "$dir"
  [ -f "$APICURIO_APP/registry-runner.jar" ] || die "schema-registry: not built (install.sh builds it when \`up\` names it)"
  check_port_free schema-registry "$SCHEMA_REGISTRY_PORT"
  # -Defx.state names the state folder in the command line, so that `down` knows the process is ours.
  (cd "$dir" && spawn schema-registry java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    "-Defx.state=$dir/" -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$SCHEMA_REGISTRY_PORT" \
    -jar "$APICURIO_APP/registry-runner.jar")
}

schema_registry_stop() { stop_pid schema-registry "$(running schema-registry || true)"; }

# --- dispatch ----------------------------------------------------------------------------------

fn() { echo "${1//-/_}_$2"; }

ports_of() {
  case "$1" in
    kafka) echo "$KAFKA_PORT (SASL $KAFKA_SASL_PORT, SSL $KAFKA_SSL_PORT, controller $KAFKA_CONTROLLER_PORT)" ;;
    kafka-cluster) echo "$((KAFKA_CLUSTER_PORT_BASE + 1))-$((KAFKA_CLUSTER_PORT_BASE + 3)) (controllers $((KAFKA_CLUSTER_CONTROLLER_BASE + 1))-$((KAFKA_CLUSTER_CONTROLLER_BASE + 3)))" ;;
    rabbitmq) echo "$RABBITMQ_PORT (AMQPS $RABBITMQ_TLS_PORT, management $RABBITMQ_MANAGEMENT_PORT, dist $RABBITMQ_DIST_PORT, epmd $RABBITMQ_EPMD_PORT)" ;;
    ferretdb) echo "$FERRETDB_PORT" ;;
    ferretdb-auth) echo "$FERRETDB_AUTH_PORT (TLS $FERRETDB_TLS_PORT)" ;;
    schema-registry) echo "$SCHEMA_REGISTRY_PORT (Confluent API under /apis/ccompat/v7)" ;;
  esac
}

# Resident memory of everything the server runs as (RabbitMQ: wrapper script, Erlang VM, epmd).
server_rss() {
  local name="$1" total=0 p
  for p in $(all_pids "$name"); do
    total=$((total + $(rss_mb "$p")))
  done
  echo "$total"
}

# Every process a server runs as: RabbitMQ's wrapper and epmd, the cluster's three nodes.
all_pids() { # name
  case "$1" in
    rabbitmq) running rabbitmq || true; running rabbitmq epmd || true ;;
    kafka-cluster) local i; for i in 1 2 3; do running kafka-cluster "node$i" || true; done ;;
    *) running "$1" || true ;;
  esac
}

# Whether the server runs whole: for the cluster, all three nodes (a killed node makes `up` start it again).
whole() { # name -> prints the pid and succeeds
  if [ "$1" = kafka-cluster ]; then
    local i
    for i in 1 2 3; do running kafka-cluster "node$i" >/dev/null || return 1; done
  fi
  running "$1"
}

up() {
  local n pid to_wait=() running_names=() ready failed=0
  for n in "$@"; do
    if whole "$n" >/dev/null; then running_names+=("$n"); fi
  done
  # One probe for all that already run: they are usually all ready, and then `up` costs a second.
  ready="$( [ ${#running_names[@]} -gt 0 ] && probe "${running_names[@]}" || true)"
  for n in "$@"; do
    if pid="$(whole "$n")"; then
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
  for n in "$@"; do [ "$n" = rabbitmq ] && rabbitmq_check_tls; done
  return 0
}

# A RabbitMQ started by an older version of this script has no AMQPS listener, and `up` leaves a running
# server alone: say how to get one instead of letting the TLS tests fail without a reason.
rabbitmq_check_tls() {
  local i
  for ((i = 0; i < 20; i++)); do port_open "$RABBITMQ_TLS_PORT" && return 0; sleep 0.5; done
  say "rabbitmq: nothing listens on its AMQPS port $RABBITMQ_TLS_PORT (a configuration from before that listener?);" \
    "\`$0 down rabbitmq && $0 up rabbitmq\` starts it with the current one"
}

down_one() {
  local n="$1"
  if [ -n "$(all_pids "$n")" ]; then
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
      [ "$n" = kafka-cluster ] && pid="$(all_pids kafka-cluster | tr '\n' ' ')"
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
      kafka | kafka-cluster | rabbitmq | ferretdb | ferretdb-auth | schema-registry) echo "$n" ;;
      *) die "unknown server '$n' ($KNOWN)" ;;
    esac
  done
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  local names given=$#
  names="$(expand_names "$@")" || exit 1
  # shellcheck disable=SC2086 # one simple word per line
  set -- $names
  case "$cmd" in
    up)
      # The registry is built only when it is to start: about a minute from an empty Maven cache, then cached.
      EFX_INSTALL_EXTRA="$(printf '%s\n' "$@" | grep -x schema-registry || true)" bash "$HERE/install.sh"
      mkdir -p "$STATE"
      if printf '%s\n' "$@" | grep -qx schema-registry && [ ! -f "$APICURIO_APP/registry-runner.jar" ]; then
        say "schema-registry is not built: starting the others without it"
        # shellcheck disable=SC2046 # one simple word per line
        set -- $(printf '%s\n' "$@" | grep -vx schema-registry)
      fi
      up "$@"
      ;;
    # `down` with no names stops the Kafka cluster too: the fault tests start it, nothing else stops it.
    down) if [ "$given" -eq 0 ]; then down "$@" kafka-cluster; else down "$@"; fi ;;
    status) status "$@" ;;
    *) echo "usage: $0 up|down|status [kafka|kafka-cluster|rabbitmq|mongo|ferretdb|ferretdb-auth|schema-registry ...]" >&2; exit 2 ;;
  esac
}

main "$@"
