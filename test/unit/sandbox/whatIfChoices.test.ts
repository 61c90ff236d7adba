import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { driftReport, whatIfReport } from '../../../src/commands/debugReports';
import { openOtherSide, WHAT_IF_REDUCER_EXTENSIONS } from '../../../src/commands/whatIfSide';
import { chapterOrderReducer } from '../../../src/core/reducers';
import { busRunLogLines } from '../../../src/sandbox/bus/busExport';
import { hasHeadVersion } from '../../../src/sandbox/gitHeadAvailable';
import { builtInStates, whatIf } from '../../../src/sandbox/whatIf';
import { WorkspaceCode } from '../../../src/sandbox/workspaceCode';
import { chapterOrderFile, chapterOrderFlow, lineOf } from './chapter';
import { tempWorkspace, type TempWorkspace } from './workspace';

describe('what if…: only what can work, Python too, and counts in words', function () {
  this.timeout(60_000);
  let workspace: TempWorkspace;
  beforeEach(() => {
    workspace = tempWorkspace();
  });
  afterEach(() => workspace.remove());

  it('has a HEAD version to offer only in a git repository whose HEAD holds the file', async () => {
    const file = workspace.write('reducers/order.js', 'module.exports = {};\n');
    assert.equal(await hasHeadVersion(file), false, 'not a git repository');
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Event Flows', '-c', 'user.email=flows@example.test', ...args], { cwd: workspace.root, encoding: 'utf8' });
    git('init', '--quiet');
    assert.equal(await hasHeadVersion(file), false, 'a repository without a commit');
    git('add', '.eventflow/reducers/order.js');
    git('commit', '--quiet', '-m', 'reducer');
    assert.equal(await hasHeadVersion(file), true);
    assert.equal(await hasHeadVersion(workspace.write('reducers/new.js', 'module.exports = {};\n')), false, 'a file not committed');
  });

  it('picks .py reducers too, and replays the other side through a Python class', async () => {
    assert.ok(WHAT_IF_REDUCER_EXTENSIONS.includes('py'));
    const source = fs.readFileSync(chapterOrderFile, 'utf8').split('\n').slice(lineOf(chapterOrderFile, '§3.2 of the chapter')).join('\n');
    // The other side counts every price twice: the states differ from the first ItemAdded on.
    const doubled = workspace.write('reducers/orders_doubled.py', source.replace('self.total_amount += data["price"]', 'self.total_amount += 2 * data["price"]'));
    const code = new WorkspaceCode({ root: () => workspace.root, isTrusted: () => true });
    const events = chapterOrderFlow();
    const other = await openOtherSide(code, doubled, 'Order', 'Order-1', events);
    try {
      const result = await whatIf(builtInStates(chapterOrderReducer, events), other.states, events);
      // The class also holds its id, which chapter-order leaves out: that differs from the first event on.
      assert.deepEqual(result.differences[0].paths, ['id']);
      const item = result.differences[1];
      assert.deepEqual([...item.paths].sort(), ['id', 'total_amount']);
      assert.deepEqual([(item.left as { total_amount: number }).total_amount, (item.right as { total_amount: number }).total_amount], [49.99, 99.98]);
    } finally {
      await other.dispose();
      await code.dispose();
    }
  });

  it('says "1 event differs" and "1 dead letter", never "1 events"', () => {
    const one = whatIfReport('Order-1', 'a', 'b', { compared: 1, firstDifference: 0, truncated: false, differences: [{ index: 0, eventId: 'e', eventType: 'OrderCreated', version: 1, left: { a: 1 }, right: { a: 2 }, paths: ['a'] }] });
    assert.match(one, /· 1 event replayed through both\./);
    assert.match(one, /; 1 event differs in all\./);
    assert.doesNotMatch(one, /\b1 events\b/);
    const two = whatIfReport('Order-1', 'a', 'b', { compared: 2, firstDifference: 0, truncated: false, differences: [0, 1].map((index) => ({ index, eventId: 'e', eventType: 'X', left: 1, right: 2, paths: [''] })) });
    assert.match(two, /2 events replayed through both\..*\n[\s\S]*; 2 events differ in all\./);
    assert.match(driftReport('Order-1', 'order', [{ version: 2, matches: false, stored: 1, replayed: 2, paths: [''] }] as never), /1 stored snapshot re-folded from the events with ` order `; 1 differs\./);
    const [first] = busRunLogLines({ file: 'bus.js', durationMs: 1, traces: [{ event: { id: 'e', type: 'T', data: {} }, middleware: [], handlers: [], children: [] }], deadLetters: [{ eventId: 'e', eventType: 'T', handler: 'h', attempts: 1, error: { message: 'x' } }] });
    assert.match(first, /: 1 event, 1 dead letter, /);
  });
});
