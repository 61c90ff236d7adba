import * as vscode from 'vscode';
import { MongoStoreConnection } from '../connections/mongoConnection';
import { readMongoProfiles, type MongoProfile } from '../connections/mongoProfile';
import type { MongoProfileStore } from '../connections/mongoProfileStore';
import { MongoEventStore } from '../connectors/mongo/mongoEventStore';
import type { AggregateTypeNode, TreeNode } from '../explorer/treeNodes';
import { connectionOf } from '../explorer/treeNodes';
import { COMMANDS } from './commandIds';
import { runMongoWizard, type MongoDraft } from './mongoWizard';
import { CancelledError, registerCommand, withProgress } from './registerCommand';
import type { CommandServices } from './services';

export interface MongoCommandServices extends CommandServices {
  profiles: MongoProfileStore;
}

/**
 * Add / edit / remove a MongoDB event store, disconnect it, create its indexes. Add and edit accept a
 * profile object (with an optional `password`) instead of the wizard, for scripts and tests.
 */
export function registerMongoCommands(services: MongoCommandServices): vscode.Disposable[] {
  const { log, profiles } = services;
  const wizard = { tryConnection: (draft: MongoDraft) => tryConnection(draft, profiles) };
  return [
    registerCommand(log, COMMANDS.addMongoConnection, 'add the MongoDB connection', async (given?: unknown) => {
      const draft = given === undefined ? await runMongoWizard(wizard) : draftFromArgument(given);
      await profiles.save(draft.profile, draft.password);
      log.info(`Saved MongoDB connection ${draft.profile.name} (${draft.profile.id})`);
      return draft.profile.id;
    }),
    registerCommand(log, COMMANDS.editMongoConnection, 'edit the MongoDB connection', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      const draft = await runMongoWizard(wizard, connection.profile);
      await profiles.save(draft.profile, draft.password);
      log.info(`Updated MongoDB connection ${draft.profile.name}`);
    }),
    registerCommand(log, COMMANDS.removeMongoConnection, 'remove the MongoDB connection', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      const confirmed = await vscode.window.showWarningMessage(
        `Remove the connection "${connection.label}"? Its saved password is deleted too; the database is not touched.`,
        { modal: true },
        'Remove',
      );
      if (confirmed !== 'Remove') throw new CancelledError();
      await profiles.remove(connection.profile.id);
      log.info(`Removed MongoDB connection ${connection.label}`);
    }),
    registerCommand(log, COMMANDS.disconnect, 'disconnect', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      await connection.close();
      services.tree.refresh();
    }),
    registerCommand(log, COMMANDS.createIndexes, 'create the event store indexes', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      await withProgress(`Creating indexes on ${connection.label}`, async () => {
        const store = await connection.openMongo();
        await store.ensureIndexes();
      });
      await connection.close();
      services.tree.refresh();
      log.info(`Created the unique (aggregate id, version) index on ${connection.label}`);
    }),
  ];
}

export function registerSearchCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.searchAggregates, 'search aggregates', async (node?: AggregateTypeNode, prefix?: string) => {
      if (node?.kind !== 'aggregateType') {
        throw new Error('choose an aggregate type in the Event Flows view to search it.');
      }
      const text =
        prefix ??
        (await vscode.window.showInputBox({
          title: `Search ${node.name} aggregates`,
          prompt: 'Show the aggregates whose id starts with',
          value: node.idPrefix ?? `${node.name}-`,
          ignoreFocusOut: true,
        }));
      if (text === undefined) throw new CancelledError();
      services.tree.search(node, text);
      await services.treeView.reveal(node, { expand: true });
    }),
    registerCommand(services.log, COMMANDS.clearSearch, 'clear the search', (node?: AggregateTypeNode) => {
      if (node?.kind === 'aggregateType') services.tree.search(node, undefined);
      return Promise.resolve();
    }),
  ];
}

async function pickMongo(services: CommandServices, node?: TreeNode): Promise<MongoStoreConnection> {
  const fromNode = node ? connectionOf(node) : undefined;
  if (fromNode instanceof MongoStoreConnection) return fromNode;
  const all = services.connections.all().filter((c): c is MongoStoreConnection => c instanceof MongoStoreConnection);
  if (all.length === 0) throw new Error('there is no MongoDB connection yet: add one with "Event Flows: Add MongoDB Event Store…".');
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({ label: c.label, description: c.description, connection: c })),
    { title: 'Choose a MongoDB connection', ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  return picked.connection;
}

function draftFromArgument(given: unknown): MongoDraft {
  const record = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const { password, ...rest } = record;
  const { profiles, problems, withPasswords } = readMongoProfiles([{ id: `mongo-${Date.now().toString(36)}`, ...rest }]);
  if (problems.length > 0 || profiles.length === 0) throw new Error(problems[0] ?? 'the connection is not valid.');
  const inline = withPasswords[0]?.password;
  return { profile: profiles[0], password: typeof password === 'string' ? password : (inline ?? null) };
}

async function tryConnection(draft: MongoDraft, profiles: MongoProfileStore): Promise<Record<string, unknown> | undefined> {
  const password = draft.password === undefined ? await profiles.password(draft.profile.id) : (draft.password ?? undefined);
  const store = createMongoStore(draft.profile, password);
  try {
    await store.connect();
    const [sample] = await store.sampleDocuments(1);
    return sample;
  } finally {
    await store.close();
  }
}

export function createMongoStore(profile: MongoProfile, password: string | undefined): MongoEventStore {
  return new MongoEventStore({
    connectionString: profile.connectionString,
    password,
    database: profile.database,
    eventsCollection: profile.eventsCollection,
    snapshotsCollection: profile.snapshotsCollection,
    mapping: profile.mapping,
    tls: profile.tls,
    timeoutMs: profile.timeoutMs,
  });
}
