import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { chapterOrderFile, chapterOrderFlow } from './chapter';
import { tempWorkspace } from './workspace';

/** The chapter's §3.2 alone, as a reader keeps it after deleting §3.1 (and its motor import). */
function section32(): string {
  const lines = fs.readFileSync(chapterOrderFile, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes('§3.2 of the chapter'));
  assert.ok(start > 0, 'the fixture marks where §3.2 starts');
  return lines.slice(start + 1).join('\n');
}

describe('sandbox: Python files load with deferred annotations', function () {
  this.timeout(30_000);

  it('loads §3.2 on its own, although EventSourcedRepository annotates with §3.1\'s EventStore', async () => {
    const workspace = tempWorkspace();
    const sandbox = new PythonSandbox();
    try {
      const source = section32();
      assert.match(source, /event_store: EventStore,/);
      assert.doesNotMatch(source, /class EventStore|import motor/);
      const file = workspace.write('reducers/orders.py', source);
      const report = await sandbox.load([file]);
      assert.deepEqual(report.failures, []);
      assert.deepEqual(report.reducers.map((r) => r.aggregateType), ['Order']);
      const stream = await sandbox.openStream('Order', 'Order-1', chapterOrderFlow());
      assert.deepEqual(await stream.fold(), { id: 'Order-1', version: 4, status: 'paid', items: ['KB-MECH-01', 'CBL-USBC-1M'], total_amount: 59.99 });
    } finally {
      sandbox.dispose();
      workspace.remove();
    }
  });

  it('still reports a name that code (not an annotation) uses before anything defines it', async () => {
    const workspace = tempWorkspace();
    const sandbox = new PythonSandbox();
    try {
      const file = workspace.write('reducers/broken.py', 'class Order:\n    def apply(self, event) -> EventStore:\n        pass\n\nDEFAULT = EventStore()\n');
      const report = await sandbox.load([file]);
      assert.equal(report.failures.length, 1);
      assert.match(report.failures[0].message, /NameError: name 'EventStore' is not defined/);
      assert.equal(report.failures[0].location?.line, 5);
    } finally {
      sandbox.dispose();
      workspace.remove();
    }
  });
});
