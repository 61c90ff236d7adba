import type * as vscode from 'vscode';
import { readPemFiles } from '../pemFiles';
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

/** The CA and client certificate a profile names, read when it connects. */
export function readTlsFiles(profile: RabbitProfile): Promise<{ ca?: string; cert?: string }> {
  return readPemFiles(profile.tls?.caFile, profile.tls?.certFile);
}
