import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { kafkaProfileForSettings, readKafkaProfiles, type KafkaProfile, type KafkaSecrets } from './kafkaProfile';

const SETTING = 'kafka.clusters';

/**
 * Kafka clusters in user settings, their secrets (SASL password, client key, key passphrase) in
 * SecretStorage under the profile id as one JSON record: split on save, joined on open. Writes are queued
 * so two quick saves cannot lose one another.
 */
export class KafkaProfileStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secretStorage: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The valid profiles; malformed entries are reported through `report`. */
  read(report: (problem: string) => void): KafkaProfile[] {
    const { profiles, problems, withSecrets } = readKafkaProfiles(this.configuration().get<unknown>(SETTING));
    problems.forEach(report);
    if (withSecrets.length > 0) {
      // Secrets typed into settings by hand move to secret storage and out of the settings file.
      this.enqueue(async () => {
        for (const { id, secrets } of withSecrets) await this.storeSecrets(id, { ...(await this.secrets(id)), ...secrets });
        await this.writeAll(profiles);
        this.log.info(`Moved the secrets of ${withSecrets.length} Kafka cluster(s) from settings to secret storage.`);
      }).catch((error: unknown) => this.log.error(`Could not move Kafka secrets out of settings: ${String(error)}`));
    }
    return profiles;
  }

  async secrets(id: string): Promise<KafkaSecrets> {
    const text = await this.secretStorage.get(secretKey(id));
    if (text === undefined) return {};
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed) : {};
    } catch (error) {
      this.log.warn(`The stored secrets of Kafka cluster ${id} are not readable (${String(error)}); connecting without them.`);
      return {};
    }
  }

  /** Adds or replaces a profile; `secrets` undefined keeps the stored ones. */
  save(profile: KafkaProfile, secrets: KafkaSecrets | undefined): Promise<void> {
    return this.enqueue(async () => {
      if (secrets !== undefined) await this.storeSecrets(profile.id, secrets);
      const current = readKafkaProfiles(this.configuration().get<unknown>(SETTING)).profiles;
      const index = current.findIndex((p) => p.id === profile.id);
      await this.writeAll(index >= 0 ? current.map((p, i) => (i === index ? profile : p)) : [...current, profile]);
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      const current = readKafkaProfiles(this.configuration().get<unknown>(SETTING)).profiles;
      await this.writeAll(current.filter((p) => p.id !== id));
      await this.secretStorage.delete(secretKey(id));
    });
  }

  private async storeSecrets(id: string, secrets: KafkaSecrets): Promise<void> {
    const kept = Object.fromEntries(Object.entries(secrets).filter(([, value]) => typeof value === 'string' && value !== ''));
    if (Object.keys(kept).length === 0) await this.secretStorage.delete(secretKey(id));
    else await this.secretStorage.store(secretKey(id), JSON.stringify(kept));
  }

  private async writeAll(profiles: KafkaProfile[]): Promise<void> {
    await this.configuration().update(SETTING, profiles.map(kafkaProfileForSettings), vscode.ConfigurationTarget.Global);
  }

  private configuration(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('eventFlows');
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work);
    this.writes = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

export function secretKey(profileId: string): string {
  return `eventFlows.kafka.secrets.${profileId}`;
}

/** The PEM files a profile names, read when it connects; a missing file says which one. */
export async function readKafkaFiles(profile: KafkaProfile): Promise<{ ca?: string; cert?: string }> {
  const read = async (what: string, file: string | undefined): Promise<string | undefined> => {
    if (!file) return undefined;
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`the ${what} file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const [ca, cert] = await Promise.all([read('CA certificate', profile.ssl?.caFile), read('client certificate', profile.ssl?.certFile)]);
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }) };
}
