import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isStoreConnection } from '../../src/connections/connection';
import type { AggregateTypeNode } from '../../src/explorer/eventStore/storeNodes';
import type { ConnectionNode } from '../../src/explorer/treeNode';
import type { EventFlowsApi } from '../../src/extension';
import { CHAPTER_ORDERS, mongoexportLines } from '../support/chapterFixture';
import { ourExtension } from './manifest';

/** A `mongoexport` of the chapter's collection, opened where it is: read-only, beside the Local store. */
describe('NDJSON file opened as an event store', function () {
  this.timeout(60_000);
  let api: EventFlowsApi;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-ndjson-'));
  const file = path.join(folder, 'orders-export.json');

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    fs.writeFileSync(file, `${mongoexportLines().join('\n')}\n`);
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows the file beside the Local store, with the chapter’s orders under one type', async () => {
    const id = await vscode.commands.executeCommand<string>('eventFlows.openNdjsonFile', file);
    assert.ok(id, 'the open command returned no connection id');
    api.tree.refresh();
    const root = (await api.tree.getChildren()).find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.id === id);
    assert.ok(root, 'the opened file is not a root of the tree');
    assert.equal(api.tree.getTreeItem(root).contextValue, 'ndjsonFile');
    const types = (await api.tree.getChildren(root)).filter((n): n is AggregateTypeNode => n.kind === 'aggregateType');
    assert.deepEqual(
      types.map((t) => [t.name, t.aggregateCount]),
      [['Order', CHAPTER_ORDERS]],
    );
  });

  it('refuses to append to it, writing nothing, and closes without touching the file', async () => {
    const before = fs.readFileSync(file, 'utf8');
    const connection = api.connections.all().find((c) => c.kind === 'ndjsonFile');
    assert.ok(connection);
    const root = (await api.tree.getChildren()).find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.id === connection.id);
    assert.ok(root);
    assert.ok(isStoreConnection(connection));
    const store = await connection.open();
    await assert.rejects(store.append('Order-x', 'Order', [{ type: 'Noted', data: {} }], 0), /open read-only/);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'the file changed');
    assert.deepEqual(fs.readdirSync(folder), ['orders-export.json'], 'something was written beside the file');
    await vscode.commands.executeCommand('eventFlows.closeNdjsonFile', root);
    assert.ok(!api.connections.all().some((c) => c.kind === 'ndjsonFile'), 'the file is still a connection');
    assert.ok(fs.existsSync(file));
  });
});
