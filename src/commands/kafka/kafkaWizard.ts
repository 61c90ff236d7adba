import * as fs from 'node:fs/promises';
import { checkKafkaOptions, type KafkaSaslMechanism } from '../../connectors/kafka';
import type { KafkaProfile, KafkaSecrets } from '../../connections/kafka/kafkaProfile';
import { describeError } from '../../errors';
import { CancelledError, isCancellation } from '../../ui/progress';
import type { WizardPrompts } from '../../ui/wizardPrompts';

/** What the wizard collects: the secrets go to SecretStorage, the rest to settings. */
export interface KafkaDraft {
  profile: KafkaProfile;
  /** undefined: keep the stored secrets. */
  secrets: KafkaSecrets | undefined;
}

export interface KafkaWizardServices {
  /** Connects with the draft and describes the cluster ("3 brokers"), or throws the classified failure. */
  tryConnection(draft: KafkaDraft, signal: AbortSignal): Promise<string>;
  progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Asks the draft's schema registry for its subjects ("12 subjects"), or throws why it could not. */
  tryRegistry(draft: KafkaDraft, signal: AbortSignal): Promise<string>;
}

type Security = 'none' | 'ssl' | 'sasl' | 'sasl-ssl';

/**
 * Adding or editing a Kafka cluster: bootstrap servers, client id, security (TLS with CA and client
 * cert/key, SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512), an optional schema registry (asked at once), production
 * flag and name; then a test connection
 * whose failure says whether it was DNS, refused, TLS, SASL/auth or a timeout.
 */
export async function runKafkaWizard(services: KafkaWizardServices, prompts: WizardPrompts, existing?: KafkaProfile): Promise<KafkaDraft> {
  const title = existing ? `Edit ${existing.name}` : 'Add Kafka cluster';
  const servers = await prompts.ask({
    title,
    prompt: 'Bootstrap servers: host:port, comma-separated',
    value: existing?.bootstrapServers.join(', ') ?? 'localhost:9092',
    validate: (text) => checkKafkaOptions({ bootstrapServers: splitServers(text) }),
  });
  const clientId = await prompts.ask({ title, prompt: 'Client id (what the brokers log for this connection)', value: existing?.clientId ?? 'event-flow-explorer' });
  const security = await prompts.pick<Security>(`${title}: security`, [
    { label: 'PLAINTEXT', description: 'no TLS, no SASL', value: 'none', picked: !existing?.ssl?.enabled && !existing?.sasl },
    { label: 'SSL', description: 'TLS, optionally with a client certificate', value: 'ssl', picked: Boolean(existing?.ssl?.enabled && !existing.sasl) },
    { label: 'SASL_PLAINTEXT', description: 'PLAIN or SCRAM without TLS', value: 'sasl', picked: Boolean(!existing?.ssl?.enabled && existing?.sasl) },
    { label: 'SASL_SSL', description: 'PLAIN or SCRAM over TLS', value: 'sasl-ssl', picked: Boolean(existing?.ssl?.enabled && existing.sasl) },
  ]);
  let secrets: KafkaSecrets | undefined = existing ? undefined : {};
  const profile: KafkaProfile = {
    id: existing?.id ?? `kafka-${Date.now().toString(36)}`,
    name: existing?.name ?? '',
    bootstrapServers: splitServers(servers),
    ...(clientId ? { clientId } : {}),
    production: existing?.production ?? false,
    ...(existing?.timeoutMs !== undefined ? { timeoutMs: existing.timeoutMs } : {}),
  };
  if (security === 'ssl' || security === 'sasl-ssl') {
    const tls = await askTls(prompts, title, existing);
    profile.ssl = tls.ssl;
    if (tls.secrets) secrets = { ...(secrets ?? {}), ...tls.secrets };
  }
  if (security === 'sasl' || security === 'sasl-ssl') {
    const mechanism = await prompts.pick<KafkaSaslMechanism>(`${title}: SASL mechanism`, [
      { label: 'SCRAM-SHA-256', value: 'scram-sha-256', picked: existing?.sasl?.mechanism === 'scram-sha-256' },
      { label: 'SCRAM-SHA-512', value: 'scram-sha-512', picked: existing?.sasl?.mechanism === 'scram-sha-512' },
      { label: 'PLAIN', description: 'the password travels as is: use it over TLS', value: 'plain', picked: existing?.sasl?.mechanism === 'plain' },
    ]);
    const username = await prompts.ask({ title, prompt: 'SASL user name', value: existing?.sasl?.username });
    const password = await prompts.ask({
      title,
      prompt: existing?.sasl ? 'SASL password (leave empty to keep the saved one)' : 'SASL password',
      password: true,
      validate: (text) => (text === '' && !existing?.sasl ? 'a password is needed' : undefined),
    });
    profile.sasl = { mechanism, username };
    if (password !== '') secrets = { ...(secrets ?? {}), saslPassword: password };
  }
  secrets = await askRegistry(services, prompts, title, profile, secrets, existing);
  profile.production = await prompts.pick(`${title}: writes`, [
    { label: 'Development cluster', description: 'writes run at once', value: false, picked: !profile.production },
    { label: 'Production cluster', description: 'every produce, topic change and offset reset asks first', value: true, picked: profile.production },
  ]);
  profile.name = await prompts.ask({ title, prompt: 'A name for this cluster', value: existing?.name ?? profile.bootstrapServers[0] });
  await untilAnswered(services, prompts, { profile, secrets });
  return { profile, secrets };
}

async function askTls(prompts: WizardPrompts, title: string, existing: KafkaProfile | undefined): Promise<{ ssl: NonNullable<KafkaProfile['ssl']>; secrets?: KafkaSecrets }> {
  const trust = await prompts.pick(`${title}: TLS`, [
    { label: 'Trust the system certificate authorities', value: 'system' as const, picked: existing?.ssl?.enabled && !existing.ssl.caFile },
    { label: 'Trust a CA file…', description: existing?.ssl?.caFile, value: 'ca' as const, picked: Boolean(existing?.ssl?.caFile) },
    { label: 'Accept any certificate', description: 'for self-signed development brokers only', value: 'insecure' as const, picked: existing?.ssl?.rejectUnauthorized === false },
  ]);
  const ssl: NonNullable<KafkaProfile['ssl']> = { enabled: true };
  if (trust === 'ca') ssl.caFile = await prompts.openFile('CA certificate (PEM)', PEM_FILTERS);
  if (trust === 'insecure') ssl.rejectUnauthorized = false;
  const client = await prompts.pick(`${title}: client certificate`, [
    { label: 'No client certificate', value: false, picked: !existing?.ssl?.certFile },
    { label: 'Client certificate and key…', description: existing?.ssl?.certFile, value: true, picked: Boolean(existing?.ssl?.certFile) },
  ]);
  if (!client) return { ssl };
  ssl.certFile = await prompts.openFile('Client certificate (PEM)', PEM_FILTERS);
  // The key is a secret: its text goes to SecretStorage, not its path to settings.
  const keyFile = await prompts.openFile('Client key (PEM)', PEM_FILTERS);
  const sslKey = await fs.readFile(keyFile, 'utf8');
  const passphrase = await prompts.ask({ title, prompt: 'Passphrase of the client key (empty when it has none)', password: true, validate: () => undefined });
  return { ssl, secrets: { sslKey, ...(passphrase ? { sslPassphrase: passphrase } : {}) } };
}

const REGISTRY_URL = /^https?:\/\/[^\s/@]+(\/\S*)?$/;

/**
 * The optional schema registry (Confluent API) whose ids framed keys and values name. Its password goes to
 * SecretStorage with the others. It is asked for its subjects at once; a registry that does not answer
 * says why and may be kept all the same (decoding then falls back and says so), changed or left out.
 */
async function askRegistry(services: KafkaWizardServices, prompts: WizardPrompts, title: string, profile: KafkaProfile, secrets: KafkaSecrets | undefined, existing: KafkaProfile | undefined): Promise<KafkaSecrets | undefined> {
  const wanted = await prompts.pick(`${title}: schema registry`, [
    { label: 'No schema registry', description: 'Avro and Protobuf from workspace schema files only', value: false, picked: !existing?.schemaRegistry },
    { label: 'Schema registry…', description: existing?.schemaRegistry?.url ?? 'Confluent API: Confluent, Apicurio (…/apis/ccompat/v7), Karapace, Redpanda', value: true, picked: Boolean(existing?.schemaRegistry) },
  ]);
  if (!wanted) return secrets;
  let url = existing?.schemaRegistry?.url ?? 'http://localhost:8081';
  for (;;) {
    url = (
      await prompts.ask({
        title,
        prompt: 'Schema registry URL (user name and password are asked next, never in the URL)',
        value: url,
        validate: (text) => (REGISTRY_URL.test(text.trim()) ? undefined : 'an http(s) URL without credentials, e.g. http://localhost:8081'),
      })
    ).trim();
    const username = await prompts.ask({ title, prompt: 'Schema registry user name (empty when it needs none)', value: existing?.schemaRegistry?.username ?? '', validate: () => undefined });
    profile.schemaRegistry = { url, ...(username ? { username } : {}) };
    if (username) {
      const keeps = existing?.schemaRegistry?.username !== undefined;
      const password = await prompts.ask({ title, prompt: keeps ? 'Schema registry password (leave empty to keep the saved one)' : 'Schema registry password', password: true, validate: () => undefined });
      if (password !== '' || !keeps) secrets = { ...(secrets ?? {}), schemaRegistryPassword: password };
    }
    try {
      await services.progress(`Asking the schema registry at ${url}…`, (signal) => services.tryRegistry({ profile, secrets }, signal));
      return secrets;
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError();
      const choice = await prompts.choose(`The schema registry did not answer: ${describeError(error)}. Values it framed are shown as bytes until it does.`, ['Keep It', 'Change URL', 'Leave It Out']);
      if (choice === 'Change URL') continue;
      if (choice === 'Leave It Out') {
        delete profile.schemaRegistry;
        if (secrets) delete secrets.schemaRegistryPassword;
      }
      // Dismissed: kept as typed, since a registry that is down today is no reason to lose the cluster.
      return secrets;
    }
  }
}

const PEM_FILTERS = { Certificates: ['pem', 'crt', 'cer', 'key'], All: ['*'] };

export function splitServers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Tests the draft until it answers, the user saves anyway, or cancels; a failure says what failed. */
async function untilAnswered(services: KafkaWizardServices, prompts: WizardPrompts, draft: KafkaDraft): Promise<void> {
  for (;;) {
    try {
      await services.progress(`Testing ${draft.profile.name}…`, (signal) => services.tryConnection(draft, signal));
      return;
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError();
      const choice = await prompts.choose(`Could not connect to ${draft.profile.name}: ${describeError(error)}`, ['Try Again', 'Save Anyway']);
      if (choice === 'Save Anyway') return;
      if (choice !== 'Try Again') throw new CancelledError();
    }
  }
}
