import * as vscode from 'vscode';
import { parseConnectionString } from '../../connectors/mongo/connectionString';
import { DEFAULT_FIELD_MAPPING, detectFieldMapping, type FieldMapping } from '../../connectors/mongo/fieldMapping';
import type { MongoTlsOptions } from '../../connectors/mongo/mongoOptions';
import type { MongoProfile } from '../../connections/mongo/mongoProfile';
import { CancelledError, isCancellation, withProgress } from '../../ui/progress';
import { ask } from '../../ui/prompts';

/** What the wizard collects; the password goes to secret storage, the rest to settings. */
export interface MongoDraft {
  profile: MongoProfile;
  /** undefined: keep the stored password; null: none. */
  password: string | null | undefined;
}

export interface WizardServices {
  /** Connects with the draft and returns one sample document, or throws what failed; the signal stops it. */
  tryConnection(draft: MongoDraft, signal: AbortSignal): Promise<Record<string, unknown> | undefined>;
}

/** The quick-input wizard for adding or editing a MongoDB event store connection. */
export async function runMongoWizard(services: WizardServices, existing?: MongoProfile): Promise<MongoDraft> {
  const title = existing ? `Edit ${existing.name}` : 'Add MongoDB event store';
  const connectionText = await ask({
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
    const answer = await ask({
      title,
      prompt: existing ? `Password for ${parsed.username} (leave empty to keep the saved one)` : `Password for ${parsed.username}`,
      password: true,
      validate: () => undefined,
    });
    password = answer === '' ? (existing ? undefined : null) : answer;
  } else if (parsed.username === undefined) {
    password = null;
  }
  const tls = await pickTls(title, parsed.scheme === 'mongodb+srv', existing?.tls);
  const database = await ask({ title, prompt: 'Database', value: existing?.database ?? databaseFromPath(connectionText) ?? 'eventstore' });
  const eventsCollection = await ask({ title, prompt: 'Events collection', value: existing?.eventsCollection ?? 'events' });
  const snapshotsCollection = await ask({ title, prompt: 'Snapshots collection', value: existing?.snapshotsCollection ?? 'snapshots' });
  const name = await ask({ title, prompt: 'A name for this connection', value: existing?.name ?? `${parsed.hosts.split(',')[0]} · ${database}` });
  const profile: MongoProfile = {
    id: existing?.id ?? `mongo-${Date.now().toString(36)}`,
    name,
    connectionString: parsed.withoutPassword,
    database,
    eventsCollection,
    snapshotsCollection,
    mapping: existing?.mapping ?? { ...DEFAULT_FIELD_MAPPING },
    ...(tls ? { tls } : {}),
    ...(existing?.timeoutMs !== undefined ? { timeoutMs: existing.timeoutMs } : {}),
  };
  const draft: MongoDraft = { profile, password };
  const sample = await testBeforeSaving(services, draft);
  if (sample) {
    draft.profile.mapping = await chooseMapping(title, sample, draft.profile.mapping);
  }
  return draft;
}

async function testBeforeSaving(services: WizardServices, draft: MongoDraft): Promise<Record<string, unknown> | undefined> {
  for (;;) {
    try {
      return await withProgress(`Testing ${draft.profile.name}…`, (signal) => services.tryConnection(draft, signal));
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError();
      const reason = error instanceof Error ? error.message : String(error);
      const choice = await vscode.window.showErrorMessage(`Could not connect: ${reason}`, { modal: true }, 'Try Again', 'Save Anyway');
      if (choice === 'Save Anyway') return undefined;
      if (choice !== 'Try Again') throw new CancelledError();
    }
  }
}

async function chooseMapping(title: string, sample: Record<string, unknown>, current: FieldMapping): Promise<FieldMapping> {
  const detected = detectFieldMapping(sample);
  const differs = (Object.keys(detected.mapping) as (keyof FieldMapping)[]).some((key) => detected.mapping[key] !== current[key]);
  if (!differs) return current;
  const describe = (m: FieldMapping): string => `${m.aggregateId} · ${m.eventType} · ${m.data} · ${m.version} · ${m.timestamp}`;
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Use the detected field names', description: describe(detected.mapping), detail: detected.notes.join('; '), mapping: detected.mapping },
      { label: 'Keep the current field names', description: describe(current), mapping: current },
    ],
    { title: `${title}: field mapping (from a sample document)`, ignoreFocusOut: true },
  );
  if (!choice) throw new CancelledError();
  return choice.mapping;
}

async function pickTls(title: string, srv: boolean, existing: MongoTlsOptions | undefined): Promise<MongoTlsOptions | undefined> {
  const items = [
    { label: 'No TLS', value: 'off' as const, picked: !existing?.enabled && !srv },
    { label: 'TLS', description: 'trust the system certificate authorities', value: 'on' as const, picked: srv || (existing?.enabled && !existing.caFile) },
    { label: 'TLS with a CA file…', description: existing?.caFile, value: 'ca' as const, picked: Boolean(existing?.caFile) },
    { label: 'TLS, accept any certificate', description: 'for self-signed development servers only', value: 'insecure' as const, picked: existing?.allowInvalidCertificates },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `${title}: TLS`, ignoreFocusOut: true });
  if (!choice) throw new CancelledError();
  switch (choice.value) {
    case 'off':
      return undefined;
    case 'on':
      return { enabled: true };
    case 'insecure':
      return { enabled: true, allowInvalidCertificates: true };
    case 'ca': {
      const files = await vscode.window.showOpenDialog({ title: 'CA certificate (PEM)', canSelectMany: false, filters: { Certificates: ['pem', 'crt', 'cer'], All: ['*'] } });
      if (!files?.[0]) throw new CancelledError();
      return { enabled: true, caFile: files[0].fsPath };
    }
  }
}

function databaseFromPath(connectionString: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?#]+)/.exec(connectionString);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
