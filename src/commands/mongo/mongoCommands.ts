import * as vscode from 'vscode';
import { MongoStoreConnection } from '../../connections/mongo/mongoConnection';
import { readMongoProfiles } from '../../connections/mongo/mongoProfile';
import type { MongoProfileStore } from '../../connections/mongo/mongoProfileStore';
import { createMongoStore } from '../../connections/mongo/mongoStoreFactory';
import type { Connection } from '../../connections/connection';
import type { TreeNode } from '../../explorer/treeNode';
import { listCollectionNames, listDatabaseNames } from '../../connectors/mongo/mongoCatalog';
import { maskConnectionString } from '../../connectors/mongo/connectionString';
import type { MongoEventStore } from '../../connectors/mongo/mongoEventStore';
import { CancelledError, withProgress } from '../../ui/progress';
import { editorPrompts } from '../../ui/wizardPrompts';
import { registerCommand } from '../../ui/registerCommand';
import { pickConnection } from '../pickers';
import type { CommandServices } from '../services';
import { MONGO_COMMANDS } from './mongoCommandIds';
import { describeMapping } from './mappingEditor';
import { runMongoWizard, type MongoDraft, type WizardServices } from './mongoWizard';

/**
 * Add / edit / remove a MongoDB event store and create its indexes. Add accepts a profile object (with an
 * optional `password`) instead of the wizard, for scripts and tests.
 */
export function registerMongoCommands(services: CommandServices, profiles: MongoProfileStore): vscode.Disposable[] {
  const { log } = services;
  const wizard = mongoWizardServices(profiles);
  return [
    registerCommand(log, MONGO_COMMANDS.addMongoConnection, 'add the MongoDB connection', async (given?: unknown) => {
      const draft = given === undefined ? await runMongoWizard(wizard, editorPrompts) : draftFromArgument(given);
      await profiles.save(draft.profile, { password: draft.password });
      log.info(`Saved MongoDB connection ${draft.profile.name} (${draft.profile.id})`);
      confirmSaved('Saved', draft);
      return draft.profile.id;
    }),
    registerCommand(log, MONGO_COMMANDS.editMongoConnection, 'edit the MongoDB connection', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      const draft = await runMongoWizard(wizard, editorPrompts, connection.profile);
      await profiles.save(draft.profile, { password: draft.password });
      log.info(`Updated MongoDB connection ${draft.profile.name}`);
      confirmSaved('Updated', draft);
    }),
    registerCommand(log, MONGO_COMMANDS.removeMongoConnection, 'remove the MongoDB connection', async (node?: TreeNode) => {
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
    registerCommand(log, MONGO_COMMANDS.createIndexes, 'create the event store indexes', async (node?: TreeNode) => {
      const connection = await pickMongo(services, node);
      await withProgress(`Creating indexes on ${connection.label}`, async (signal) => {
        const store = await connection.openMongo(signal);
        await store.ensureIndexes();
      });
      // Reconnecting checks the index again, so the tree's warning goes away.
      await connection.close();
      services.tree.refreshConnection(connection.id);
      log.info(`Created the unique (aggregate id, version) index on ${connection.label}`);
    }),
  ];
}

function isMongo(connection: Connection): connection is MongoStoreConnection {
  return connection instanceof MongoStoreConnection;
}

function pickMongo(services: CommandServices, node?: TreeNode): Promise<MongoStoreConnection> {
  return pickConnection(
    services,
    node,
    isMongo,
    'Choose a MongoDB connection',
    'there is no MongoDB connection yet: add one with "Event Flows: Add MongoDB Event Store…".',
  );
}

function draftFromArgument(given: unknown): MongoDraft {
  const record = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const { password, ...rest } = record;
  const { profiles, problems, withSecrets } = readMongoProfiles([{ id: `mongo-${Date.now().toString(36)}`, ...rest }]);
  if (problems.length > 0 || profiles.length === 0) throw new Error(problems[0] ?? 'the connection is not valid.');
  const inline = withSecrets[0]?.secrets.password;
  return { profile: profiles[0], password: typeof password === 'string' ? password : (inline ?? null) };
}

/** What the wizard asks of the server: each call connects with the draft as it stands, and closes again. */
export function mongoWizardServices(profiles: Pick<MongoProfileStore, 'password'>, progress: WizardServices['progress'] = withProgress): WizardServices {
  const withStore = async <T>(draft: MongoDraft, signal: AbortSignal, use: (store: MongoEventStore) => Promise<T>): Promise<T> => {
    const password = draft.password === undefined ? await profiles.password(draft.profile.id) : (draft.password ?? undefined);
    const store = createMongoStore(draft.profile, password);
    try {
      await store.connect(signal);
      return await use(store);
    } finally {
      await store.close();
    }
  };
  return {
    progress,
    tryConnection: (draft, signal) => withStore(draft, signal, async (store) => (await store.sampleDocuments(1))[0]),
    listDatabases: (draft, signal) => withStore(draft, signal, (store) => listDatabaseNames(store, signal)),
    listCollections: (draft, database, signal) => withStore(draft, signal, (store) => listCollectionNames(store, database, signal)),
  };
}

/** Says what was saved, so a mistyped name shows at once rather than as an empty tree later. */
function confirmSaved(verb: string, draft: MongoDraft): void {
  const { profile } = draft;
  void vscode.window.showInformationMessage(
    `${verb} "${profile.name}": ${profile.database}.${profile.eventsCollection} on ${maskConnectionString(profile.connectionString)}; fields ${describeMapping(profile.mapping)}.`,
  );
}
