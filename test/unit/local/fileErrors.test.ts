import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { eventLine, writeFileIn, freshTempStore } from './helpers';

describe('LocalEventStore: files it cannot use', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  const temp = freshTempStore();

  it('names the path and the reason when a folder stands where the events file should be', async () => {
    await fs.mkdir(temp().eventsFile, { recursive: true });
    const expected = new RegExp(`${escape(temp().eventsFile)}: it is a folder, not a file`);
    await assert.rejects(temp().store.listAggregateTypes(), expected);
    await assert.rejects(temp().store.append('a', 'T', [{ type: 'X', data: 1 }], 0), expected);
  });

  it('names the path and the reason when the events file cannot be read', async function () {
    this.timeout(20_000);
    await writeFileIn(temp().eventsFile, `${eventLine('a', 1)}\n`);
    await fs.chmod(temp().eventsFile, 0o000);
    const expected = new RegExp(`${escape(temp().eventsFile)}: permission denied`);
    if (process.getuid?.() !== 0) {
      await assert.rejects(temp().store.listAggregateTypes(), expected);
      return;
    }
    // Root reads any file whatever its mode, so the read is tried by a process running as nobody. That process
    // may not be able to read this clone (a home folder of mode 700), so it runs a one-file bundle of the
    // script placed beside the events file, in a temporary folder nobody can enter.
    await fs.chmod(temp().folder, 0o755);
    const script = path.join(temp().folder, 'listTypes.js');
    await bundleFor(path.join(__dirname, 'fixtures', 'listTypes.js'), script);
    const output = await runNode(script, [temp().eventsFile], NOBODY);
    assert.match((JSON.parse(output) as { error?: string }).error ?? output, expected);
  });

  it('names the path when the folder for the events file cannot be created', async () => {
    const blocker = path.join(temp().folder, 'blocker');
    await fs.writeFile(blocker, 'a file, not a folder');
    const store = new LocalEventStore({ eventsFile: path.join(blocker, 'events.ndjson') });
    await assert.rejects(store.append('a', 'T', [{ type: 'X', data: 1 }], 0), new RegExp(`Cannot write .*${escape(blocker)}`));
  });
});

const NOBODY = 65534;

/** The script and everything it imports as one file of mode 644 (esbuild, as the extension's build uses). */
async function bundleFor(entry: string, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  await fs.chmod(outfile, 0o644);
}

function runNode(script: string, args: string[], uid: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { uid, gid: uid }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
