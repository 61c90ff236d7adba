import type * as Amqp from 'amqplib';
import { amqpError, RabbitError } from './errors';
import { loadAmqpDriver } from './driver';
import type { AmqpEndpoint, RabbitOptions } from './options';

export type Channel = Amqp.Channel;
export type ConfirmChannel = Amqp.ConfirmChannel;

/** Rejects with a RabbitError of kind `aborted` as soon as the signal fires. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new RabbitError('amqp', 'aborted', `${what} cancelled`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new RabbitError('amqp', 'aborted', `${what} cancelled`));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * One AMQP connection, opened on first use and opened again after it closed (a broker restart, an admin
 * closing it). Every operation gets a channel of its own, so a channel error (a missing queue) stays there.
 */
export class AmqpSession {
  private model: Amqp.ChannelModel | undefined;
  private opening: Promise<Amqp.ChannelModel> | undefined;
  /** Why the last connection closed, when it did not close because we asked. */
  lastClose: RabbitError | undefined;

  constructor(
    private readonly options: RabbitOptions,
    private readonly endpoint: AmqpEndpoint,
    private readonly timeoutMs: number,
    private readonly mask: (text: string) => string,
  ) {}

  get where(): string {
    return `${this.endpoint.hostname}:${this.endpoint.port}`;
  }

  fail(error: unknown): RabbitError {
    return amqpError(error, this.where, this.mask);
  }

  isOpen(): boolean {
    return this.model !== undefined;
  }

  async connection(signal?: AbortSignal): Promise<Amqp.ChannelModel> {
    if (this.model) return this.model;
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return abortable(this.opening, signal, `Connecting to ${this.where}`);
  }

  private async open(): Promise<Amqp.ChannelModel> {
    const amqp = await loadAmqpDriver();
    const { tls } = this.options;
    const socketOptions: Amqp.SocketOptions = {
      timeout: this.timeoutMs,
      // Request and reply (get, declare, confirms) over Nagle's algorithm wait ~40 ms for the delayed ACK each.
      noDelay: true,
      clientProperties: { connection_name: this.options.connectionName ?? 'Event Flow Explorer' },
      ...(this.endpoint.protocol === 'amqps' && tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, passphrase: tls.passphrase, rejectUnauthorized: tls.allowInvalidCertificates !== true } : {}),
    };
    const connecting = amqp.connect(
      { protocol: this.endpoint.protocol, hostname: this.endpoint.hostname, port: this.endpoint.port, vhost: this.endpoint.vhost, username: this.options.username, password: this.options.password, heartbeat: 30 },
      socketOptions,
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no AMQP handshake within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })), this.timeoutMs + 500);
    });
    let model: Amqp.ChannelModel;
    try {
      model = await Promise.race([connecting, deadline]);
    } catch (error) {
      // A connection that opens after we gave up must not stay open behind our back.
      connecting.then((late) => late.close(), () => undefined).catch(() => undefined);
      throw this.fail(error);
    } finally {
      clearTimeout(timer);
    }
    model.on('error', (error: Error) => {
      this.lastClose = this.fail(error);
    });
    model.on('close', (error?: Error) => {
      if (this.model === model) this.model = undefined;
      if (error) this.lastClose = this.fail(error);
    });
    this.model = model;
    this.lastClose = undefined;
    return model;
  }

  /**
   * Runs `use` on a fresh channel and closes it after. A channel that the broker closed (a missing queue)
   * or a connection that dropped surfaces as a RabbitError; a closed connection is opened again next time.
   */
  async withChannel<T>(kind: 'plain' | 'confirm', use: (channel: Amqp.Channel | Amqp.ConfirmChannel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const model = await this.connection(signal);
    let channel: Amqp.Channel;
    try {
      channel = kind === 'confirm' ? await model.createConfirmChannel() : await model.createChannel();
    } catch (error) {
      throw this.fail(error);
    }
    let channelError: RabbitError | undefined;
    channel.on('error', (error: Error) => {
      channelError = this.fail(error);
    });
    let closed = false;
    channel.on('close', () => {
      closed = true;
    });
    try {
      return await use(channel);
    } catch (error) {
      throw channelError ?? this.lastClose ?? this.fail(error);
    } finally {
      if (!closed) await channel.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const model = this.model ?? (await this.opening?.catch(() => undefined));
    this.model = undefined;
    if (model) await model.close().catch(() => undefined);
  }
}
