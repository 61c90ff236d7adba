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

install_debian_packages
install_kafka
install_ferretdb
