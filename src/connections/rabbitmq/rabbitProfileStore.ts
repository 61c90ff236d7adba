import * as fs from 'node:fs/promises';
import type * as vscode from 'vscode';
import { SettingsProfileStore, type ProfileFormat } from '../settingsProfileStore';
import { RABBIT_SETTING, rabbitProfileForSettings, readRabbitProfiles, type RabbitProfile, type RabbitSecrets } from './rabbitProfile';

const RABBIT_PROFILES: ProfileFormat<RabbitProfile, RabbitSecrets> = {
  setting: RABBIT_SETTING,
  noun: 'RabbitMQ broker',
  secretPrefix: 'rabbitmq',
  secretNames: ['password', 'tlsKey', 'tlsPassphrase'],
  read: readRabbitProfiles,
  forSettings: rabbitProfileForSettings,
};

/** RabbitMQ profiles in user settings, their secrets (password, client key, key passphrase) in SecretStorage. */
export class RabbitProfileStore extends SettingsProfileStore<RabbitProfile, RabbitSecrets> {
  constructor(secretStorage: vscode.SecretStorage, log: vscode.LogOutputChannel) {
    super(RABBIT_PROFILES, secretStorage, log);
  }
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
