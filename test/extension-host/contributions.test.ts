import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { TreeNode } from '../../src/explorer/treeNode';
import { manifest, ourExtension } from './manifest';

describe('contributions match the code', () => {
  let api: EventFlowsApi;
  let knownContextValues: readonly string[];

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    // Each kind of connection lists the context values its items carry; the tree gathers them.
    knownContextValues = api.contextValues;
  });

  it('registers every command package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 5, `only ${contributed.length} commands contributed`);
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('contributes every eventFlows command it registers', async () => {
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    // The workbench adds `<view id>.focus`, `.open` and the like for each contributed view.
    const viewIds = Object.values(manifest().contributes.views).flat().map((view) => `${view.id}.`);
    const registered = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('eventFlows.') && !viewIds.some((prefix) => id.startsWith(prefix)),
    );
    assert.ok(registered.length >= 5, `only ${registered.length} eventFlows commands registered`);
    assert.deepEqual(
      registered.filter((id) => !contributed.has(id)),
      [],
    );
  });

  it('offers Add Connection… in the Connections toolbar, and each kind\'s own add (Kafka, RabbitMQ, MongoDB) in its … menu', () => {
    const titleMenu = manifest().contributes.menus['view/title'] ?? [];
    const entry = (command: string) => titleMenu.find((m) => m.command === command && m.when === 'view == eventFlows.connections');
    assert.match(entry('eventFlows.addConnection')?.group ?? '', /^navigation@/, 'Add Connection… is not in the toolbar');
    const adds = ['eventFlows.addKafkaConnection', 'eventFlows.addRabbitConnection', 'eventFlows.addMongoConnection'].map((command) => [command, entry(command)?.group?.split('@')[0]]);
    assert.deepEqual(adds, [
      ['eventFlows.addKafkaConnection', '0_add'],
      ['eventFlows.addRabbitConnection', '0_add'],
      ['eventFlows.addMongoConnection', '0_add'],
    ]);
    const titles = new Map(manifest().contributes.commands.map((c) => [c.command, c.title]));
    assert.deepEqual(['eventFlows.addConnection', 'eventFlows.addRabbitConnection'].map((c) => titles.get(c)), ['Add Connection…', 'Add RabbitMQ Broker…']);
  });

  it('Add Connection… asks which kind and starts that kind\'s own wizard', async () => {
    type Pick = (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown>;
    type Input = (options?: vscode.InputBoxOptions) => Thenable<string | undefined>;
    const window = vscode.window as unknown as { showQuickPick: Pick; showInputBox: Input };
    const original = { showQuickPick: window.showQuickPick, showInputBox: window.showInputBox };
    const offered: string[] = [];
    const asked: string[] = [];
    window.showQuickPick = (items) => {
      offered.push(...items.map((i) => i.label));
      return Promise.resolve(items.find((i) => i.label === 'RabbitMQ Broker'));
    };
    window.showInputBox = (options) => {
      asked.push(options?.title ?? '');
      // Escape on the wizard's first box: nothing is saved.
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('eventFlows.addConnection');
    } finally {
      window.showQuickPick = original.showQuickPick;
      window.showInputBox = original.showInputBox;
    }
    assert.deepEqual(offered, ['NDJSON File of Events', 'MongoDB Event Store', 'Kafka Cluster', 'RabbitMQ Broker']);
    assert.deepEqual(asked, ['Add RabbitMQ broker']);
  });

  it('names only context values the tree produces in menu `viewItem` clauses', () => {
    const clauses = viewItemClauses(manifest().contributes.menus);
    assert.ok(clauses.length > 0, 'no viewItem clause found in contributes.menus');
    const unknown = clauses.flatMap((clause) => clause.names.filter((name) => !knownContextValues.includes(name)).map((name) => `${name} in "${clause.when}"`));
    assert.deepEqual(unknown, []);
    const unmatched = clauses.filter((clause) => clause.pattern && !knownContextValues.some((value) => clause.pattern?.test(value)));
    assert.deepEqual(unmatched.map((clause) => clause.when), []);
  });

  it('gives tree items only context values listed in CONTEXT_VALUES', async () => {
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    const seen = await contextValuesInTree(api, 3);
    assert.ok(seen.has('localStore') && seen.has('aggregateType') && seen.has('aggregate'), `saw ${[...seen].join(', ')}`);
    assert.deepEqual(
      [...seen].filter((value) => !knownContextValues.includes(value)),
      [],
    );
  });
});

interface ViewItemClause {
  when: string;
  /** Names the clause requires to exist: `viewItem == name`, or each alternative of `=~ /^(a|b)$/`. */
  names: string[];
  /** Any other regular expression: it must match at least one known value. */
  pattern?: RegExp;
}

function viewItemClauses(menus: Record<string, { when?: string }[]>): ViewItemClause[] {
  const clauses: ViewItemClause[] = [];
  for (const entry of Object.values(menus).flat()) {
    const when = entry.when ?? '';
    for (const match of when.matchAll(/viewItem\s*==\s*([\w.-]+)/g)) {
      clauses.push({ when, names: [match[1]] });
    }
    for (const match of when.matchAll(/viewItem\s*=~\s*\/(.+?)\/(\w*)/g)) {
      const alternatives = /^\^\(([\w.|-]+)\)\$$/.exec(match[1]);
      clauses.push(alternatives ? { when, names: alternatives[1].split('|') } : { when, names: [], pattern: new RegExp(match[1], match[2]) });
    }
  }
  return clauses;
}

async function contextValuesInTree(api: EventFlowsApi, depth: number, node?: TreeNode): Promise<Set<string>> {
  const seen = new Set<string>();
  if (depth === 0) {
    return seen;
  }
  for (const child of await api.tree.getChildren(node)) {
    const item = api.tree.getTreeItem(child);
    if (item.contextValue) {
      seen.add(item.contextValue);
    }
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
      for (const value of await contextValuesInTree(api, depth - 1, child)) {
        seen.add(value);
      }
    }
  }
  return seen;
}
