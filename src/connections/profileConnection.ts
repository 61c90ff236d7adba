import type { Connector } from '../connectors/connector';
import type { IdentityRules } from '../core/identity';
import { ConnectAttempt } from './connectAttempt';

/**
 * A connection saved as a profile (an event store, a cluster, a broker): its id is the kind
 * and the profile id, it connects on first open (concurrent opens share one attempt, and Cancel stops it),
 * a connector that fails to connect is closed at once, and after a close or a failure the next open starts
 * afresh.
 */
export abstract class ProfileConnection<P extends { id: string; name: string }, C extends Connector> {
  abstract readonly kind: string;
  readonly canDisconnect = true;
  /** Where its connector reads event ids from (`eventFlows.identity`); the defaults when undefined. Set by the kind on load. */
  identity: IdentityRules | undefined;
  private readonly attempt = new ConnectAttempt<C>((signal) => this.connectNew(signal));

  constructor(readonly profile: P) {}

  get id(): string {
    return `${this.kind}:${this.profile.id}`;
  }

  get label(): string {
    return this.profile.name;
  }

  get isOpen(): boolean {
    return this.attempt.current !== undefined;
  }

  async close(): Promise<void> {
    const connector = await this.attempt.reset();
    this.forget();
    await connector?.close();
  }

  protected openConnector(signal?: AbortSignal): Promise<C> {
    return this.attempt.open(signal);
  }

  /** Builds the connector, not yet connected (secrets and files are read here). */
  protected abstract create(): Promise<C>;

  /** Work after the connect that must also succeed for the connection to count as open. */
  protected afterConnect(_connector: C, _signal: AbortSignal): Promise<void> {
    return Promise.resolve();
  }

  /** Drops what was learnt while connected. */
  protected forget(): void {}

  private async connectNew(signal: AbortSignal): Promise<C> {
    const connector = await this.create();
    try {
      await connector.connect(signal);
      signal.throwIfAborted();
      await this.afterConnect(connector, signal);
    } catch (error) {
      await connector.close();
      throw error;
    }
    return connector;
  }
}
