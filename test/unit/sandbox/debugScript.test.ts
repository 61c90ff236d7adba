import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeDebugReplay } from '../../../src/sandbox/debugScript';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import * as fc from 'fast-check';
import { debugReplayCase, RECORDING_REDUCER_JS } from '../../support/hostileGenerators';
import { hostileText, tripwire } from '../../support/hostileText';
import { ORDER_REDUCER_JS, ORDER_REDUCER_TS, sampleOrderEvents, tempWorkspace } from './workspace';

describe('sandbox: Debug Reducer replay program', function () {
  this.timeout(30_000);

  it('replays to the same state as the sandbox, and pauses at the chosen event under a debugger', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox();
    try {
      const reducerFile = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
      const events = sampleOrderEvents();
      await sandbox.load([reducerFile]);
      const expected = await (await sandbox.openStream('Order', events)).fold();
      const debug = await writeDebugReplay({ reducerFile, aggregateType: 'Order', events, stopAt: 3 });
      try {
        assert.equal(debug.configuration.type, 'node');
        assert.equal(debug.configuration.program, debug.program);
        const plain = spawnSync(process.execPath, [debug.program], { encoding: 'utf8' });
        assert.equal(plain.status, 0, plain.stderr);
        assert.deepEqual(JSON.parse(plain.stdout), expected);

        // Node's own inspector client: the program stops on its `debugger` line with the chosen event in scope.
        const inspected = spawn(process.execPath, ['inspect', '--port=0', debug.program], { stdio: ['pipe', 'pipe', 'pipe'] });
        let output = '';
        inspected.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const waitFor = async (pattern: RegExp): Promise<void> => {
          const until = Date.now() + 20_000;
          while (!pattern.test(output)) {
            if (Date.now() > until) throw new Error(`no ${pattern} in:\n${output}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        };
        await waitFor(/debug> $/m);
        inspected.stdin.write('cont\n');
        await waitFor(/break in .*replay\.js:\d+/);
        inspected.stdin.write('exec [index, event.type]\n');
        await waitFor(/\[ 3, '\w+' \]/);
        assert.match(output, new RegExp(`\\[ 3, '${events[3].type}' \\]`));
        inspected.kill();
      } finally {
        await debug.remove();
      }
      await assert.rejects(writeDebugReplay({ reducerFile: reducerFile.replace('.js', '.ts'), aggregateType: 'Order', events, stopAt: 0 }), /order\.ts needs its transpiled code to be debugged/);
      await assert.rejects(writeDebugReplay({ reducerFile, aggregateType: 'Order', events, stopAt: events.length }), /No event at index/);
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });

  it('runs a TypeScript reducer as the sandbox transpiled it, with an inline source map back to the .ts file', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox();
    try {
      const reducerFile = workspace.write('reducers/order.ts', ORDER_REDUCER_TS);
      const events = sampleOrderEvents().filter((event) => event.type !== 'OrderShipped');
      await sandbox.load([reducerFile]);
      const expected = await (await sandbox.openStream('Order', events)).fold();
      const compiled = await sandbox.transpile(reducerFile);
      const debug = await writeDebugReplay({ reducerFile, aggregateType: 'Order', events, stopAt: 2 }, compiled);
      try {
        assert.equal(debug.configuration.sourceMaps, true);
        assert.deepEqual(debug.configuration.outFiles, [path.join(debug.folder, '**', '*.js')]);
        const written = fs.readFileSync(path.join(debug.folder, 'order.js'), 'utf8');
        const inline = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)\s*$/.exec(written);
        assert.ok(inline, 'the transpiled code carries its map');
        const map = JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')) as { sources: string[]; mappings: string };
        assert.deepEqual(map.sources, [pathToFileURL(reducerFile).href]);
        assert.ok(map.mappings.length > 0);
        const plain = spawnSync(process.execPath, [debug.program], { encoding: 'utf8' });
        assert.equal(plain.status, 0, plain.stderr);
        assert.deepEqual(JSON.parse(plain.stdout), expected);
      } finally {
        await debug.remove();
      }
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });

  it('lets a breakpoint in the reducer file hit first at the chosen event, not at the ones before it', async () => {
    const workspace = tempWorkspace();
    const reducerFile = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const events = sampleOrderEvents();
    const debug = await writeDebugReplay({ reducerFile, aggregateType: 'Order', events, stopAt: 3 });
    // Node's own inspector client, on a free port; line 6 is the first line of the reducer's apply().
    const inspected = spawn(process.execPath, ['inspect', '--port=0', debug.program], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    inspected.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const after = async (command: string, pattern: RegExp): Promise<void> => {
      const seen = output.length;
      inspected.stdin.write(`${command}\n`);
      const until = Date.now() + 20_000;
      while (!pattern.test(output.slice(seen))) {
        if (Date.now() > until) throw new Error(`no ${pattern} after "${command}" in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await after('', /Break on start/);
      await after("sb('order.js', 6)", /debug> $/);
      await after('cont', /break in .*replay\.js:\d+/);
      await after('cont', /break in .*order\.js:6/);
      await after('exec [event.version, state.version]', /\[ \d+, \d+ \]/);
      assert.match(output, new RegExp(`\\[ ${events[3].version}, ${events[2].version} \\]`));
    } finally {
      inspected.kill();
      await debug.remove();
      workspace.remove();
    }
  });

  it('keeps hostile aggregate ids and event types out of the program: same program text, same states, nothing else runs', async function () {
    this.timeout(120_000);
    const workspace = tempWorkspace();
    const wire = tripwire();
    try {
      const reducerFile = workspace.write('reducers/recording.js', RECORDING_REDUCER_JS);
      // One Node process per case: the breakers that end a comment, a string or a line here, every one of
      // them in the reliability suite (test/reliability/security/hostileIds.test.ts).
      const breakers = ['\n', '\r', '\u2028', '\u2029', '*/', '`', '${', '"', "'", '\u0000'];
      for (const breaker of breakers) await debugReplayCase(`Order-1${breaker}${wire.jsPayload}//`, reducerFile);
      await fc.assert(fc.asyncProperty(hostileText(wire.jsPayload), (text) => debugReplayCase(text, reducerFile)), { numRuns: 10 });
      assert.equal(wire.fired(), 0, 'a payload from the data ran');
    } finally {
      wire.remove();
      workspace.remove();
    }
  });
});
