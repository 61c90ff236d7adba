import type * as vscode from 'vscode';
import { readPemFiles } from '../pemFiles';
import { SettingsProfileStore, type ProfileFormat } from '../settingsProfileStore';
import { kafkaProfileForSettings, readKafkaProfiles, type KafkaProfile, type KafkaSecrets } from './kafkaProfile';

const KAFKA_PROFILES: ProfileFormat<KafkaProfile, KafkaSecrets> = {
  setting: 'kafka.clusters',
  noun: 'Kafka cluster',
  secretPrefix: 'kafka',
  secretNames: ['saslPassword', 'sslKey', 'sslPassphrase', 'schemaRegistryPassword'],
  read: readKafkaProfiles,
  forSettings: kafkaProfileForSettings,
};

/** Kafka clusters in user settings, their secrets (SASL password, client key, key passphrase, registry password) in SecretStorage. */
export class KafkaProfileStore extends SettingsProfileStore<KafkaProfile, KafkaSecrets> {
  constructor(secretStorage: vscode.SecretStorage, log: vscode.LogOutputChannel) {
    super(KAFKA_PROFILES, secretStorage, log);
  }

  /** `secrets` become the stored secrets (one left out is removed); undefined keeps the stored ones. */
  override save(profile: KafkaProfile, secrets?: KafkaSecrets): Promise<void> {
    return super.save(profile, secrets === undefined ? {} : this.replacingAll(secrets));
  }
}

/** The PEM files a profile names, read when it connects. */
export function readKafkaFiles(profile: KafkaProfile): Promise<{ ca?: string; cert?: string }> {
  return readPemFiles(profile.ssl?.caFile, profile.ssl?.certFile);
}
