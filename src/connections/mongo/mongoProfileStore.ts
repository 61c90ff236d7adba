import * as vscode from 'vscode';
import { profileForSettings, readMongoProfiles, type MongoProfile } from './mongoProfile';

const SETTING = 'mongo.connections';

/**
 * MongoDB profiles in user settings, their passwords in SecretStorage under the profile id: split on save,
 * joined on open. Writes are queued so two quick saves cannot lose one another.
 */
export class MongoProfileStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The valid profiles; malformed entries are reported once per read through `report`. */
  read(report: (problem: string) => void): MongoProfile[] {
    const { profiles, problems, withPasswords } = readMongoProfiles(this.configuration().get<unknown>(SETTING));
    problems.forEach(report);
    if (withPasswords.length > 0) {
      // A password typed into settings by hand moves to secret storage and out of the settings file.
      this.enqueue(async () => {
        for (const { id, password } of withPasswords) {
          await this.secrets.store(secretKey(id), password);
        }
        await this.writeAll(profiles);
        this.log.info(`Moved the password of ${withPasswords.length} MongoDB connection(s) from settings to secret storage.`);
      }).catch((error: unknown) => this.log.error(`Could not move MongoDB passwords out of settings: ${String(error)}`));
    }
    return profiles;
  }

  password(id: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(id));
  }

  /** Adds or replaces a profile; `password` undefined keeps the stored one, null removes it. */
  save(profile: MongoProfile, password: string | null | undefined): Promise<void> {
    return this.enqueue(async () => {
      if (password === null) {
        await this.secrets.delete(secretKey(profile.id));
      } else if (password !== undefined) {
        await this.secrets.store(secretKey(profile.id), password);
      }
      const current = readMongoProfiles(this.configuration().get<unknown>(SETTING)).profiles;
      const index = current.findIndex((p) => p.id === profile.id);
      await this.writeAll(index >= 0 ? current.map((p, i) => (i === index ? profile : p)) : [...current, profile]);
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      const current = readMongoProfiles(this.configuration().get<unknown>(SETTING)).profiles;
      await this.writeAll(current.filter((p) => p.id !== id));
      await this.secrets.delete(secretKey(id));
    });
  }

  private async writeAll(profiles: MongoProfile[]): Promise<void> {
    await this.configuration().update(SETTING, profiles.map(profileForSettings), vscode.ConfigurationTarget.Global);
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

export function secretKey(profileId: string): string {
  return `eventFlows.mongo.password.${profileId}`;
}
