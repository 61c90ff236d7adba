import type * as vscode from 'vscode';
import { SettingsProfileStore, type ProfileFormat } from '../settingsProfileStore';
import { profileForSettings, readMongoProfiles, type MongoProfile } from './mongoProfile';

interface MongoSecrets {
  password?: string;
}

const MONGO_PROFILES: ProfileFormat<MongoProfile, MongoSecrets> = {
  setting: 'mongo.connections',
  noun: 'MongoDB connection',
  secretPrefix: 'mongo',
  secretNames: ['password'],
  read(value) {
    const { profiles, problems, withPasswords } = readMongoProfiles(value);
    return { profiles, problems, withSecrets: withPasswords.map(({ id, password }) => ({ id, secrets: { password } })) };
  },
  forSettings: profileForSettings,
};

/** MongoDB profiles in user settings, each password in SecretStorage (`eventFlows.mongo.password.<id>`). */
export class MongoProfileStore extends SettingsProfileStore<MongoProfile, MongoSecrets> {
  constructor(secretStorage: vscode.SecretStorage, log: vscode.LogOutputChannel) {
    super(MONGO_PROFILES, secretStorage, log);
  }

  async password(id: string): Promise<string | undefined> {
    return (await this.secrets(id)).password;
  }
}
