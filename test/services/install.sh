#!/usr/bin/env bash
# Installs what the real-server test rig needs: Debian packages, Kafka's jars and a FerretDB binary.
# Idempotent and silent when everything is already there; the jars and the binary live in a cache
# outside the clone so that a fresh clone (CI) only pays seconds.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${EFX_CACHE:-$HOME/.cache/event-flow-explorer}"
KAFKA_VERSION=4.1.1
FERRETDB_VERSION=v1.24.2
KAFKA_HOME="$CACHE/kafka-$KAFKA_VERSION"
FERRETDB_HOME="$CACHE/ferretdb-$FERRETDB_VERSION"
APICURIO_HOME="$CACHE/apicurio-registry-2.4.2"

say() { echo "install.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

java_major() {
  # `java -version` prints e.g. 'openjdk version "17.0.15"'; an old 1.8 style counts as 8.
  java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\(\.[0-9]*\)*.*/\1/p' | head -n1
}

install_debian_packages() {
  local missing=()
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  # An independent Kafka client: the benchmark's baseline for reading the latest messages.
  command -v kcat >/dev/null 2>&1 || missing+=(kcat)
  if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
    missing+=(openjdk-17-jre-headless)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's package would start a system broker on 5672; the rig runs its own node, so stop that one.
  if [[ " ${missing[*]} " == *" rabbitmq-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true
  fi
}

install_kafka() {
  # The marker holds the pom's hash: a changed pom re-resolves, an unchanged one costs nothing.
  local want
  want="$(sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)"
  if [ -f "$KAFKA_HOME/.installed" ] && [ "$(cat "$KAFKA_HOME/.installed")" = "$want" ]; then
    return 0
  fi
  say "resolving Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_HOME/lib"
  mkdir -p "$KAFKA_HOME"
  rm -rf "$KAFKA_HOME/lib.tmp"
  mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_HOME/lib.tmp" -DincludeScope=runtime
  rm -rf "$KAFKA_HOME/lib"
  mv "$KAFKA_HOME/lib.tmp" "$KAFKA_HOME/lib"
  echo "$want" > "$KAFKA_HOME/.installed"
}

install_ferretdb() {
  if [ -f "$FERRETDB_HOME/.installed" ] && [ -x "$FERRETDB_HOME/ferretdb" ]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build FerretDB (go 1.21 or newer on PATH)"
  say "building FerretDB $FERRETDB_VERSION into $FERRETDB_HOME"
  mkdir -p "$FERRETDB_HOME"
  local dir
  # `go install` would build from the read-only module cache, which lacks build/version/version.txt
  # and makes the binary panic at start: build from a writable copy that has it.
  dir="$(cd "$FERRETDB_HOME" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download did not give FerretDB's source folder"
  rm -rf "$FERRETDB_HOME/src"
  cp -r "$dir" "$FERRETDB_HOME/src"
  chmod -R u+w "$FERRETDB_HOME/src"
  echo "$FERRETDB_VERSION" > "$FERRETDB_HOME/src/build/version/version.txt"
  (cd "$FERRETDB_HOME/src" && go build -o "$FERRETDB_HOME/ferretdb.tmp" ./cmd/ferretdb)
  mv "$FERRETDB_HOME/ferretdb.tmp" "$FERRETDB_HOME/ferretdb"
  # The source copy is only needed to build; the Go caches keep a rebuild fast.
  rm -rf "$FERRETDB_HOME/src"
  echo "$FERRETDB_VERSION" > "$FERRETDB_HOME/.installed"
}

# Apicurio Registry 2.4.2.Final (the Confluent-compatible schema registry), built from Maven Central as
# apicurio/pom.xml says, when `up` is to start `schema-registry` (about a minute from an empty Maven cache).
install_apicurio() {
  local want
  want="$(cat "$HERE/apicurio/pom.xml" "$HERE/apicurio/config-index-deployment.pom" | sha256sum | cut -d' ' -f1)"
  if [ -f "$APICURIO_HOME/.installed" ] && [ "$(cat "$APICURIO_HOME/.installed")" = "$want" ]; then
    return 0
  fi
  say "building Apicurio Registry 2.4.2.Final from Maven Central into $APICURIO_HOME"
  local build="$APICURIO_HOME/build"
  rm -rf "$build"
  mkdir -p "$build"
  cp "$HERE/apicurio/pom.xml" "$build/pom.xml"
  local m2="${HOME}/.m2/repository/io/apicurio/apicurio-common-app-components-config-index-deployment/0.1.18.Final"
  if [ ! -f "$m2/apicurio-common-app-components-config-index-deployment-0.1.18.Final.jar" ]; then
    mvn -q -B -Dstyle.color=never dependency:copy \
      -Dartifact=io.apicurio:apicurio-common-app-components-config-index-deployment:0.1.10.Final \
      -DoutputDirectory="$build/extra"
    mvn -q -B -Dstyle.color=never install:install-file \
      -Dfile="$build/extra/apicurio-common-app-components-config-index-deployment-0.1.10.Final.jar" \
      -DpomFile="$HERE/apicurio/config-index-deployment.pom"
  fi
  (cd "$build" && mvn -q -B -Dstyle.color=never package -DskipTests)
  rm -rf "$APICURIO_HOME/app"
  mkdir -p "$APICURIO_HOME/app"
  mv "$build/target/lib" "$APICURIO_HOME/app/lib"
  mv "$build"/target/*-runner.jar "$APICURIO_HOME/app/registry-runner.jar"
  rm -rf "$build"
  echo "$want" > "$APICURIO_HOME/.installed"
}

install_debian_packages
install_kafka
install_ferretdb
# A failed registry build leaves the other servers usable: `up` then says the registry is missing, and the
# tests that need it say so (and fail under CI).
if [[ " ${EFX_INSTALL_EXTRA:-} " == *" schema-registry "* ]]; then
  (install_apicurio) || say "Apicurio Registry could not be built (see above); the schema-registry server will not start"
fi
