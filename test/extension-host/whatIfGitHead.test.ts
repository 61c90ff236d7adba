import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { markdownCode } from '../../src/core/dataText';
import type { FlowEvent } from '../../src/core/envelope';
import type { EventFlowsApi } from '../../src/extension';
import type { TimelineTarget } from '../../src/panels/timeline/timelineDebug';
import type { WhatIfResult } from '../../src/sandbox/whatIf';
import { waitUntil } from '../support/waits';
import { publishedOrder } from './support/sampleOrder';
import { eventFlowsLogShows } from './support/eventFlowsLog';

/** The committed reducer: one per event. */
const COMMITTED = `module.exports = { Order: { initial: { events: 0, last: null }, apply: (state, event) => ({ events: state.events + 1, last: event.type }) } };\n`;
/** The working copy: from the third event on, each counts twice, so the states differ there and after. */
const EDITED = `module.exports = { Order: { initial: { events: 0, last: null }, apply: (state, event) => ({ events: state.events + (state.events >= 2 ? 2 : 1), last: event.type }) } };\n`;

/** What-if between the working copy of a workspace reducer and its last commit, in a real git repository. */
describe("What-if against the reducer at git's HEAD", function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  let root: string;
  let reducerFile: string;
  let aggregateId: string;
  let events: FlowEvent[];

  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Event Flows', '-c', 'user.email=flows@example.test', ...args], { cwd: root, encoding: 'utf8' });
  const target = (): TimelineTarget => ({ kind: 'timelineTarget', connectionId: api.localConnection().id, aggregateId, aggregateType: 'Order', from: 0, to: 0, fromVersion: events[0].version ?? null, toVersion: events[0].version ?? null });
  const whatIfAgainstHead = (): Thenable<WhatIfResult | undefined> => vscode.commands.executeCommand<WhatIfResult | undefined>('eventFlows.whatIf', target(), { against: 'head' });

  before(async () => {
    ({ api, aggregateId, events } = await publishedOrder());
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.ok(!fs.existsSync(path.join(root, '.git')), 'the test folder is already a git repository');
    reducerFile = path.join(root, '.eventflow', 'reducers', 'head-order.js');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, COMMITTED);
  });

  after(() => {
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    fs.rmSync(reducerFile, { force: true });
  });

  it('shows where the working copy first differs from the last commit, and every later difference', async () => {
    git('init', '--quiet');
    git('add', path.relative(root, reducerFile));
    git('commit', '--quiet', '-m', 'Order reducer');
    fs.writeFileSync(reducerFile, EDITED);
    assert.match(git('status', '--porcelain', path.relative(root, reducerFile)), /^ M /);

    const result = await whatIfAgainstHead();
    assert.ok(result, 'the what-if returned nothing (see the Event Flows log)');
    assert.equal(result.compared, events.length);
    assert.equal(result.firstDifference, 2);
    assert.deepEqual(
      result.differences.map((difference) => difference.index),
      events.slice(2).map((_, i) => i + 2),
    );
    const first = result.differences[0];
    assert.equal(first.version, events[2].version);
    assert.deepEqual([first.left, first.right], [{ events: 4, last: events[2].type }, { events: 3, last: events[2].type }]);
    assert.deepEqual(first.paths, ['events']);
    const report = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(report, /Left: ` workspace:head-order\.js ` · Right: ` head-order\.js at HEAD `/);
    // Event types and values from the stream are code spans: nothing in them renders as Markdown.
    assert.match(report, new RegExp(`First difference after event v${events[2].version} \` ${events[2].type} \`\\*\\*; ${events.length - 2} events differ`));
    assert.match(report, new RegExp(`## After v${events[3].version} \` ${events[3].type} \`\\n\\n\\| path \\| left \\| right \\|\\n\\| --- \\| --- \\| --- \\|\\n\\| \` events \` \\| \` 6 \` \\| \` 4 \` \\|`));
  });

  it('opens its report once, in the group beside the timeline, however often it runs', async () => {
    if (!fs.existsSync(path.join(root, '.git'))) {
      git('init', '--quiet');
      git('add', path.relative(root, reducerFile));
      git('commit', '--quiet', '-m', 'Order reducer');
      fs.writeFileSync(reducerFile, EDITED);
    }
    // The test before leaves its report and timeline open in groups of their own: this one starts from none.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const timeline = await api.panels.open({ connectionId: api.localConnection().id, store: await api.localConnection().open() }, aggregateId, 'Order');
    try {
      // The timeline shown in the first group, as after a click in the tree; the report goes to the second.
      timeline.panel.reveal(vscode.ViewColumn.One);
      const timelineColumn = await waitUntil('the timeline to be shown', () => Promise.resolve(timeline.panel.viewColumn), (column) => column !== undefined);
      assert.ok(timelineColumn !== undefined);
      const earlier = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
      assert.ok(await whatIfAgainstHead());
      assert.ok(await whatIfAgainstHead());
      const reports = vscode.workspace.textDocuments
        .filter((document) => !document.isClosed && !earlier.has(document.uri.toString()) && document.getText().startsWith(`# What if: ${markdownCode(aggregateId)}`))
        .map((document) => document.uri.toString());
      const tabs = vscode.window.tabGroups.all.flatMap((group) =>
        group.tabs.filter((tab) => tab.input instanceof vscode.TabInputText && reports.includes(tab.input.uri.toString())).map(() => group.viewColumn),
      );
      assert.deepEqual(tabs, [timelineColumn + 1]);
    } finally {
      timeline.dispose();
    }
  });

  it('says so when the file has no committed version, or is not in a git repository at all', async () => {
    // A repository whose HEAD has no commit yet.
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    git('init', '--quiet');
    assert.equal(await whatIfAgainstHead(), undefined);
    await logShows(/Could not replay through another reducer: \.eventflow\/reducers\/head-order\.js has no committed version at HEAD \(.+\)/);

    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    assert.equal(await whatIfAgainstHead(), undefined);
    await logShows(new RegExp(`Could not replay through another reducer: ${escape(reducerFile)} is not in a git repository, so it has no HEAD version \\(.+\\)`));
  });

  /** The Event Flows log, where the command's error boundary writes the message the notification shows. */
  function logShows(pattern: RegExp): Promise<void> {
    return eventFlowsLogShows(api, pattern);
  }

});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
