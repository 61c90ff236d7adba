import * as vscode from 'vscode';
import type { ProfilesInSettings } from './profileList';
import { rewriteProfileEntries } from './settingsRewrite';

/** How one kind keeps its profiles: its setting, its reader and writer, and the names of its secrets. */
export interface ProfileFormat<P extends { id: string }, S extends SecretRecord<S>> {
  /** The setting under `eventFlows`, e.g. `<kind>.clusters`. */
  setting: string;
  /** What one profile is called in the log, e.g. "MongoDB event store". */
  noun: string;
  /** Secrets are stored as `eventFlows.<secretPrefix>.<name>.<profile id>`. */
  secretPrefix: string;
  secretNames: readonly (keyof S & string)[];
  read(value: unknown): ProfilesInSettings<P, S>;
  forSettings(profile: P): unknown;
}

/** A kind's secrets: each an optional string, e.g. `{ password?: string }`. */
export type SecretRecord<S> = Partial<Record<keyof S, string>>;

/** Per secret: a string stores it, null removes it, left out keeps what is stored. */
export type SecretChanges<S> = { [K in keyof S]?: string | null };

/**
 * Profiles in user settings, their secrets in SecretStorage under the profile id: split on save, joined on
 * connect. A secret typed into settings by hand moves to secret storage and out of the settings file. Writes
 * are queued so two quick saves cannot lose one another.
 */
export class SettingsProfileStore<P extends { id: string }, S extends SecretRecord<S>> {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly format: ProfileFormat<P, S>,
    private readonly secretStorage: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The valid profiles; malformed entries are reported through `report`. */
  read(report: (problem: string) => void): P[] {
    const { profiles, problems, withSecrets } = this.readSetting();
    problems.forEach(report);
    if (withSecrets.length > 0) {
      const noun = this.format.noun;
      this.enqueue(async () => {
        for (const { id, secrets } of withSecrets) await this.changeSecrets(id, secrets);
        await this.rewrite((current) => current);
        this.log.info(`Moved the secrets of ${withSecrets.length} ${noun}(s) from settings to secret storage.`);
      }).catch((error: unknown) => this.log.error(`Could not move the secrets of a ${noun} out of settings: ${String(error)}`));
    }
    return profiles;
  }

  async secrets(id: string): Promise<S> {
    const secrets: Record<string, string> = {};
    for (const name of this.format.secretNames) {
      const value = await this.secretStorage.get(this.secretKey(id, name));
      if (value !== undefined) secrets[name] = value;
    }
    return secrets as S;
  }

  /** Adds or replaces a profile and applies `changes` to its secrets (none given: the stored ones stay). */
  save(profile: P, changes: SecretChanges<S> = {}): Promise<void> {
    return this.enqueue(async () => {
      await this.changeSecrets(profile.id, changes);
      await this.rewrite((current) => (current.some((p) => p.id === profile.id) ? current.map((p) => (p.id === profile.id ? profile : p)) : [...current, profile]));
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      await this.rewrite((current) => current.filter((p) => p.id !== id));
      for (const name of this.format.secretNames) await this.secretStorage.delete(this.secretKey(id, name));
    });
  }

  /** Changes that make the stored secrets exactly `secrets`: every name not given (or empty) is removed. */
  replacingAll(secrets: S): SecretChanges<S> {
    const changes: { [name: string]: string | null } = {};
    for (const name of this.format.secretNames) {
      const value = (secrets as Record<string, string | undefined>)[name];
      changes[name] = typeof value === 'string' && value !== '' ? value : null;
    }
    return changes as SecretChanges<S>;
  }

  private async changeSecrets(id: string, changes: SecretChanges<S>): Promise<void> {
    for (const name of this.format.secretNames) {
      const value = (changes as Record<string, string | null | undefined>)[name];
      if (value === null) await this.secretStorage.delete(this.secretKey(id, name));
      else if (value !== undefined) await this.secretStorage.store(this.secretKey(id, name), value);
    }
  }

  private secretKey(id: string, name: string): string {
    return `eventFlows.${this.format.secretPrefix}.${name}.${id}`;
  }

  private readSetting(): ProfilesInSettings<P, S> {
    return this.format.read(this.configuration().get<unknown>(this.format.setting));
  }

  /**
   * Writes the setting back changed by `change`, keeping every entry it could not read as it was (see
   * `rewriteProfileEntries`), and says which were kept and why.
   */
  private async rewrite(change: (profiles: P[]) => P[]): Promise<void> {
    const raw = this.configuration().get<unknown>(this.format.setting);
    const { entries, keptUnreadable } = rewriteProfileEntries(
      raw,
      (entry, index) => {
        const read = this.format.read([structuredClone(entry)]);
        return read.profiles[0] ? { profile: read.profiles[0] } : { problem: (read.problems[0] ?? 'it could not be read').replace(' #1 in ', ` #${index + 1} in `) };
      },
      change,
      (profile) => this.format.forSettings(profile),
    );
    await this.configuration().update(this.format.setting, entries, vscode.ConfigurationTarget.Global);
    if (keptUnreadable.length > 0) {
      const message = `Kept ${keptUnreadable.length} ${this.format.noun} entr${keptUnreadable.length === 1 ? 'y' : 'ies'} of "eventFlows.${this.format.setting}" as written, since ${keptUnreadable.length === 1 ? 'it' : 'they'} could not be read: ${keptUnreadable.join(' ')}`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
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
