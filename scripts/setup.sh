#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (as root, or with sudo): Chromium and the
# headers code-server builds against, the npm packages, code-server itself and, unless --ui-only, the
# real servers of test/services. Idempotent: prints nothing when everything is already there.
#   bash scripts/setup.sh            everything (CI)
#   bash scripts/setup.sh --ui-only  only what running the extension in code-server needs (scripts/try.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ui_only=false
[ "${1:-}" = "--ui-only" ] && ui_only=true

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# libkrb5-dev: code-server's kerberos module compiles against it. Chromium: the browser the UI tests drive.
wanted=(libkrb5-dev)
$ui_only || wanted+=(chromium)
missing=()
for package in "${wanted[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! $ui_only && [ -f test/services/install.sh ]; then
  bash test/services/install.sh
fi

# npm ci wipes node_modules, so run it only when the lockfile changed since the last one.
stamp=node_modules/.efx-lockfile.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

bash scripts/ensure-code-server.sh
