import { parseAmqpUrl } from '../../connectors/rabbitmq/options';
import type { HalfStatus } from '../../connectors/rabbitmq/rabbitBroker';
import { checkUrls, userInUrl, type RabbitProfile, type RabbitSecrets } from '../../connections/rabbitmq/rabbitProfile';
import { CancelledError, isCancellation } from '../../ui/progress';
import type { WizardPrompts } from '../../ui/wizardPrompts';

/** What the wizard collects; secrets go to secret storage, the rest to settings. */
export interface RabbitDraft {
  profile: RabbitProfile;
  /** Per secret: undefined keeps the stored one, null removes it. */
  secrets: { [K in keyof RabbitSecrets]?: string | null };
}

export interface RabbitWizardServices {
  /** Tests AMQP and the management API side by side with the draft as it stands. */
  test(draft: RabbitDraft, signal: AbortSignal): Promise<{ amqp: HalfStatus; management: HalfStatus }>;
  progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Reads a PEM file the user picked (the client key goes to secret storage as text). */
  readFile(path: string): Promise<string>;
}

/** One line per half: which of AMQP or the management API failed and why. */
export function describeHalves(result: { amqp: HalfStatus; management: HalfStatus }): string {
  return `AMQP: ${result.amqp.ok ? 'ok' : 'FAILED'} (${result.amqp.detail}); management API: ${result.management.ok ? 'ok' : 'FAILED'} (${result.management.detail})`;
}

/**
 * Adding or editing a RabbitMQ broker: AMQP URL (vhost in its path), management URL, user, password, TLS
 * files for amqps, the production flag and a name; then both halves are tested before it is saved.
 */
export async function runRabbitWizard(services: RabbitWizardServices, prompts: WizardPrompts, existing?: RabbitProfile): Promise<RabbitDraft> {
  const title = existing ? `Edit ${existing.name}` : 'Add RabbitMQ broker';
  const amqpText = await prompts.ask({
    title,
    prompt: 'AMQP URL: amqp://host:5672/vhost or amqps://host:5671/vhost (the vhost "/" is %2F or an empty path)',
    value: existing?.amqpUrl ?? 'amqp://localhost:5672/',
    validate: (text) => {
      try {
        parseAmqpUrl(text);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  const endpoint = parseAmqpUrl(amqpText);
  const managementText = await prompts.ask({
    title,
    prompt: 'Management API URL (the management plugin)',
    value: existing?.managementUrl ?? `${endpoint.protocol === 'amqps' ? 'https' : 'http'}://${endpoint.hostname}:${endpoint.protocol === 'amqps' ? 15671 : 15672}`,
    validate: (text) => {
      const checked = checkUrls(amqpText, text);
      return checked.ok ? undefined : checked.problem;
    },
  });
  const checked = checkUrls(amqpText, managementText);
  if (!checked.ok) throw new Error(checked.problem);
  const username = await prompts.ask({ title, prompt: 'User', value: userInUrl(amqpText) ?? existing?.username ?? 'guest' });
  let password: string | null | undefined = checked.password;
  if (password === undefined) {
    const answer = await prompts.ask({ title, prompt: existing ? `Password for ${username} (leave empty to keep the saved one)` : `Password for ${username}`, password: true, validate: () => undefined });
    password = answer === '' ? (existing ? undefined : null) : answer;
  }
  const draft: RabbitDraft = {
    profile: {
      id: existing?.id ?? `rabbitmq-${Date.now().toString(36)}`,
      name: '',
      amqpUrl: checked.amqpUrl,
      managementUrl: checked.managementUrl,
      username,
      production: existing?.production ?? false,
      ...(existing?.timeoutMs !== undefined ? { timeoutMs: existing.timeoutMs } : {}),
      ...(existing?.aggregateIds ? { aggregateIds: existing.aggregateIds } : {}),
    },
    secrets: { password },
  };
  if (endpoint.protocol === 'amqps' || checked.managementUrl.startsWith('https:')) await askTls(services, prompts, title, draft, existing);
  draft.profile.production = await prompts.pick(`${title}: production?`, [
    { label: 'Not production', description: 'writes run at once', value: false, picked: !draft.profile.production },
    { label: 'Production', description: 'every publish, purge, redrive, delete and declare asks first', value: true, picked: draft.profile.production },
  ]);
  draft.profile.name = await prompts.ask({ title, prompt: 'A name for this broker', value: existing?.name ?? `${endpoint.hostname}:${endpoint.port} ${endpoint.vhost}` });
  for (;;) {
    try {
      const result = await services.progress(`Testing ${draft.profile.name}…`, (signal) => services.test(draft, signal));
      if (result.amqp.ok && result.management.ok) return draft;
      const choice = await prompts.choose(`Could not connect to ${draft.profile.name}. ${describeHalves(result)}`, ['Try Again', 'Save Anyway']);
      if (choice === 'Save Anyway') return draft;
      if (choice !== 'Try Again') throw new CancelledError();
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError();
      throw error;
    }
  }
}

async function askTls(services: RabbitWizardServices, prompts: WizardPrompts, title: string, draft: RabbitDraft, existing?: RabbitProfile): Promise<void> {
  const tls: NonNullable<RabbitProfile['tls']> = { ...existing?.tls };
  const trust = await prompts.pick(`${title}: TLS server certificate`, [
    { label: 'Trust the system certificate authorities', value: 'system' as const, picked: !tls.caFile && !tls.allowInvalidCertificates },
    { label: 'Trust a CA file…', description: tls.caFile, value: 'ca' as const, picked: Boolean(tls.caFile) },
    { label: 'Accept any certificate', description: 'for self-signed development brokers only', value: 'any' as const, picked: tls.allowInvalidCertificates === true },
  ]);
  delete tls.caFile;
  delete tls.allowInvalidCertificates;
  if (trust === 'ca') tls.caFile = await prompts.openFile('CA certificate (PEM)', { Certificates: ['pem', 'crt', 'cer'], All: ['*'] });
  if (trust === 'any') tls.allowInvalidCertificates = true;
  const client = await prompts.pick(`${title}: client certificate`, [
    { label: 'No client certificate', value: false, picked: !tls.certFile },
    { label: 'Client certificate and key…', description: tls.certFile, value: true, picked: Boolean(tls.certFile) },
  ]);
  if (client) {
    tls.certFile = await prompts.openFile('Client certificate (PEM)', { Certificates: ['pem', 'crt', 'cer'], All: ['*'] });
    // The key is a secret: its text goes to secret storage, never its path into settings.
    draft.secrets.tlsKey = await services.readFile(await prompts.openFile('Client key (PEM)', { Keys: ['pem', 'key'], All: ['*'] }));
    const passphrase = await prompts.ask({ title, prompt: 'Passphrase of the client key (empty if none)', password: true, validate: () => undefined });
    draft.secrets.tlsPassphrase = passphrase === '' ? null : passphrase;
  } else {
    delete tls.certFile;
    draft.secrets.tlsKey = null;
    draft.secrets.tlsPassphrase = null;
  }
  if (Object.keys(tls).length > 0) draft.profile.tls = tls;
}
