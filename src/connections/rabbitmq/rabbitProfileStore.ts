import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { RABBIT_SETTING, rabbitProfileForSettings, readRabbitProfiles, type RabbitProfile, type RabbitSecrets } from './rabbitProfile';

const SECRET_NAMES: readonly (keyof RabbitSecrets)[] = ['password', 'tlsKey', 'tlsPassphrase'];

/**
 * RabbitMQ profiles in user settings, their secrets in SecretStorage under the profile id: split on save,
 * joined on connect. Writes are queued so two quick saves cannot lose one another.
 */
export class RabbitProfileStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secretStorage: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The valid profiles; malformed entries are reported through `report`. */
  read(report: (problem: string) => void): RabbitProfile[] {
    const { profiles, problems, withSecrets } = readRabbitProfiles(this.configuration().get<unknown>(RABBIT_SETTING));
    problems.forEach(report);
    if (withSecrets.length > 0) {
      // A secret typed into settings by hand (or inside the AMQP URL) moves to secret storage and out of the file.
      this.enqueue(async () => {
        for (const { id, secrets } of withSecrets) await this.storeSecrets(id, secrets);
        await this.writeAll(profiles);
        this.log.info(`Moved the secrets of ${withSecrets.length} RabbitMQ broker(s) from settings to secret storage.`);
      }).catch((error: unknown) => this.log.error(`Could not move RabbitMQ secrets out of settings: ${String(error)}`));
    }
    return profiles;
  }

  async secrets(id: string): Promise<RabbitSecrets> {
    const secrets: RabbitSecrets = {};
    for (const name of SECRET_NAMES) {
      const value = await this.secretStorage.get(secretKey(id, name));
      if (value !== undefined) secrets[name] = value;
    }
    return secrets;
  }

  /** Adds or replaces a profile; a secret left undefined keeps the stored one, null removes it. */
  save(profile: RabbitProfile, secrets: { [K in keyof RabbitSecrets]?: string | null }): Promise<void> {
    return this.enqueue(async () => {
      for (const name of SECRET_NAMES) {
        const value = secrets[name];
        if (value === null) await this.secretStorage.delete(secretKey(profile.id, name));
        else if (value !== undefined) await this.secretStorage.store(secretKey(profile.id, name), value);
      }
      const current = readRabbitProfiles(this.configuration().get<unknown>(RABBIT_SETTING)).profiles;
      const index = current.findIndex((p) => p.id === profile.id);
      await this.writeAll(index >= 0 ? current.map((p, i) => (i === index ? profile : p)) : [...current, profile]);
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      const current = readRabbitProfiles(this.configuration().get<unknown>(RABBIT_SETTING)).profiles;
      await this.writeAll(current.filter((p) => p.id !== id));
      for (const name of SECRET_NAMES) await this.secretStorage.delete(secretKey(id, name));
    });
  }

  private async storeSecrets(id: string, secrets: RabbitSecrets): Promise<void> {
    for (const name of SECRET_NAMES) {
      const value = secrets[name];
      if (value !== undefined) await this.secretStorage.store(secretKey(id, name), value);
    }
  }

  private async writeAll(profiles: RabbitProfile[]): Promise<void> {
    await this.configuration().update(RABBIT_SETTING, profiles.map(rabbitProfileForSettings), vscode.ConfigurationTarget.Global);
  }

  private configuration(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('eventFlows');
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work);
    // The queue moves on after a failed write; the caller of that write gets the error and reports it.
    this.writes = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

export function secretKey(profileId: string, name: keyof RabbitSecrets): string {
  return `eventFlows.rabbitmq.${name}.${profileId}`;
}

/** The CA and client certificate a profile names, read when it connects; a missing file says which. */
export async function readTlsFiles(profile: RabbitProfile): Promise<{ ca?: string; cert?: string }> {
  const read = async (file: string | undefined, what: string): Promise<string | undefined> => {
    if (!file) return undefined;
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Could not read the ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const [ca, cert] = await Promise.all([read(profile.tls?.caFile, 'CA certificate'), read(profile.tls?.certFile, 'client certificate')]);
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }) };
}
