import type * as vscode from 'vscode';
import { SettingsProfileStore, type ProfileFormat } from '../settingsProfileStore';
import { profileForSettings, readMongoProfiles, type MongoProfile, type MongoSecrets } from './mongoProfile';

const MONGO_PROFILES: ProfileFormat<MongoProfile, MongoSecrets> = {
  setting: 'mongo.connections',
  noun: 'MongoDB connection',
  secretPrefix: 'mongo',
  secretNames: ['password'],
  read: readMongoProfiles,
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
