import { parseConnectionString } from '../../connectors/mongo/connectionString';
import { DEFAULT_FIELD_MAPPING } from '../../connectors/mongo/fieldMapping';
import type { MongoTlsOptions } from '../../connectors/mongo/mongoOptions';
import type { MongoProfile } from '../../connections/mongo/mongoProfile';
import { describeError } from '../../errors';
import { CancelledError, isCancellation } from '../../ui/progress';
import type { WizardPrompts } from '../../ui/wizardPrompts';
import { editFieldMapping } from './mappingEditor';

/** What the wizard collects; the password goes to secret storage, the rest to settings. */
export interface MongoDraft {
  profile: MongoProfile;
  /** undefined: keep the stored password; null: none. */
  password: string | null | undefined;
}

export interface WizardServices {
  /** Connects with the draft and returns one sample document of its events collection, or throws what failed. */
  tryConnection(draft: MongoDraft, signal: AbortSignal): Promise<Record<string, unknown> | undefined>;
  /** The server's databases (not its own), sorted. */
  listDatabases(draft: MongoDraft, signal: AbortSignal): Promise<string[]>;
  listCollections(draft: MongoDraft, database: string, signal: AbortSignal): Promise<string[]>;
  /** Runs server work under a cancellable notification (directly, in tests). */
  progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/**
 * Adding or editing a MongoDB event store: connection string, password, TLS, then the database and the
 * collections picked from what the server lists (any other name may be typed), a name, a test with a
 * sample document, and the field names checked against that sample, each editable.
 */
export async function runMongoWizard(services: WizardServices, prompts: WizardPrompts, existing?: MongoProfile): Promise<MongoDraft> {
  const title = existing ? `Edit ${existing.name}` : 'Add MongoDB event store';
  const connectionText = await prompts.ask({
    title,
    prompt: 'Connection string: mongodb://user@host:27017 or mongodb+srv://user@cluster.example.net',
    value: existing?.connectionString,
    validate: (text) => {
      const parsed = parseConnectionString(text);
      return parsed.ok ? undefined : parsed.error;
    },
  });
  const parsed = parseConnectionString(connectionText);
  if (!parsed.ok) {
    throw new Error(parsed.error);
  }
  let password: string | null | undefined = parsed.password;
  if (password === undefined && parsed.username !== undefined) {
    // An empty answer is allowed here: it keeps the saved password when editing.
    const answer = await prompts.ask({
      title,
      prompt: existing ? `Password for ${parsed.username} (leave empty to keep the saved one)` : `Password for ${parsed.username}`,
      password: true,
      validate: () => undefined,
    });
    password = answer === '' ? (existing ? undefined : null) : answer;
  } else if (parsed.username === undefined) {
    password = null;
  }
  const tls = await pickTls(prompts, title, parsed.scheme === 'mongodb+srv', existing?.tls);
  const draft: MongoDraft = {
    profile: {
      id: existing?.id ?? `mongo-${Date.now().toString(36)}`,
      name: existing?.name ?? '',
      connectionString: parsed.withoutPassword,
      database: existing?.database ?? databaseFromPath(connectionText) ?? 'eventstore',
      eventsCollection: existing?.eventsCollection ?? 'events',
      snapshotsCollection: existing?.snapshotsCollection ?? 'snapshots',
      mapping: existing?.mapping ?? { ...DEFAULT_FIELD_MAPPING },
      ...(tls ? { tls } : {}),
      ...(existing?.timeoutMs !== undefined ? { timeoutMs: existing.timeoutMs } : {}),
    },
    password,
  };
  const databases = await untilAnswered(services, prompts, 'Listing the databases…', (signal) => services.listDatabases(draft, signal));
  draft.profile.database = await prompts.pickOrType({
    title: `${title}: database`,
    placeholder: databases ? 'Pick the database of the event store, or type its name' : 'Type the name of the database',
    choices: databases ?? [],
    value: draft.profile.database,
  });
  const collections = databases ? await untilAnswered(services, prompts, 'Listing the collections…', (signal) => services.listCollections(draft, draft.profile.database, signal)) : undefined;
  draft.profile.eventsCollection = await prompts.pickOrType({
    title: `${title}: events collection`,
    placeholder: 'Pick the collection that holds the events, or type its name',
    choices: collections ?? [],
    value: draft.profile.eventsCollection,
  });
  draft.profile.snapshotsCollection = await prompts.pickOrType({
    title: `${title}: snapshots collection`,
    placeholder: 'Pick the collection for snapshots, or type a name (it is created on the first snapshot)',
    choices: (collections ?? []).filter((c) => c !== draft.profile.eventsCollection),
    value: draft.profile.snapshotsCollection,
  });
  draft.profile.name = await prompts.ask({ title, prompt: 'A name for this connection', value: existing?.name ?? `${parsed.hosts.split(',')[0]} · ${draft.profile.database}` });
  const sample = await untilAnswered(services, prompts, `Testing ${draft.profile.name}…`, (signal) => services.tryConnection(draft, signal), 'Save Anyway');
  if (sample) {
    draft.profile.mapping = await editFieldMapping(prompts, title, sample, existing?.mapping);
  }
  return draft;
}

/**
 * Runs server work until it answers, the user goes on without it (`goOn`: the value is then undefined),
 * or cancels. A failure says what failed and offers to try again.
 */
async function untilAnswered<T>(services: WizardServices, prompts: WizardPrompts, title: string, work: (signal: AbortSignal) => Promise<T>, goOn = 'Type the Names'): Promise<T | undefined> {
  for (;;) {
    try {
      return await services.progress(title, work);
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError();
      const choice = await prompts.choose(`Could not connect: ${describeError(error)}`, ['Try Again', goOn]);
      if (choice === goOn) return undefined;
      if (choice !== 'Try Again') throw new CancelledError();
    }
  }
}

async function pickTls(prompts: WizardPrompts, title: string, srv: boolean, existing: MongoTlsOptions | undefined): Promise<MongoTlsOptions | undefined> {
  const choice = await prompts.pick(`${title}: TLS`, [
    { label: 'No TLS', value: 'off' as const, picked: !existing?.enabled && !srv },
    { label: 'TLS', description: 'trust the system certificate authorities', value: 'on' as const, picked: srv || (existing?.enabled && !existing.caFile) },
    { label: 'TLS with a CA file…', description: existing?.caFile, value: 'ca' as const, picked: Boolean(existing?.caFile) },
    { label: 'TLS, accept any certificate', description: 'for self-signed development servers only', value: 'insecure' as const, picked: existing?.allowInvalidCertificates },
  ]);
  switch (choice) {
    case 'off':
      return undefined;
    case 'on':
      return { enabled: true };
    case 'insecure':
      return { enabled: true, allowInvalidCertificates: true };
    case 'ca':
      return { enabled: true, caFile: await prompts.openFile('CA certificate (PEM)', { Certificates: ['pem', 'crt', 'cer'], All: ['*'] }) };
  }
}

function databaseFromPath(connectionString: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?#]+)/.exec(connectionString);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
