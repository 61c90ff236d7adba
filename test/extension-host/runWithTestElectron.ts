/**
 * The same extension-host suite in desktop VS Code, for machines that can download it (this project's CI
 * cannot, and uses launch.ts with code-server instead). Prints mocha's output and the result file.
 * Usage: `npm run build && npx tsc -p tsconfig.test.json && node out/test/extension-host/runWithTestElectron.js`
 * Set VSCODE_EXECUTABLE to use an installed VS Code instead of downloading one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/paths';
import { resultsFileVariable } from './results';

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-test-electron-'));
  const workspace = path.join(workDir, 'workspace');
  fs.mkdirSync(workspace);
  const resultsFile = path.join(workDir, 'results.json');
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'extension-host', 'index.js'),
      extensionTestsEnv: { [resultsFileVariable]: resultsFile },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(workDir, 'user-data')],
    });
  } finally {
    if (fs.existsSync(resultsFile)) {
      console.log(fs.readFileSync(resultsFile, 'utf8'));
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
