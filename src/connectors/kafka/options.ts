import type { IdentityRules } from '../../core/identity';
import type { DecodingOptions } from './decoding/topicDecoders';

/** How to reach a Kafka cluster. Secrets are passed in by the caller (SecretStorage) and never logged. */
export interface KafkaConnectionOptions {
  /** host:port of one or more brokers. */
  bootstrapServers: string[];
  clientId?: string;
  ssl?: KafkaSslOptions;
  sasl?: KafkaSaslOptions;
  /** Connecting to one broker (ms). */
  connectionTimeoutMs?: number;
  /** One request (ms). */
  requestTimeoutMs?: number;
  /** A whole operation, retries included, unless the call names its own (ms). */
  operationTimeoutMs?: number;
  /** Where each record's id, type, correlation, causation and trace come from (the connection's override). */
  identity?: IdentityRules;
  /** Schemas for keys and values: workspace schemas mapped to topics (their text), and a schema registry. */
  decoding?: DecodingOptions;
}

export interface KafkaSslOptions {
  /** PEM text of the CA certificates to trust (the system's when absent). */
  ca?: string;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Accept any certificate (tests against self-signed brokers only). */
  rejectUnauthorized?: boolean;
}

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSaslOptions {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

/** What the connection is called in messages: its brokers, the user, never a secret. */
export function kafkaLabel(options: KafkaConnectionOptions): string {
  const user = options.sasl ? `${options.sasl.username}@` : '';
  const scheme = options.ssl ? 'kafka+ssl' : 'kafka';
  return `${scheme}://${user}${options.bootstrapServers.join(',')}`;
}

/** Every secret of the options, so that any message can be scrubbed of them. */
export function secretsOf(options: KafkaConnectionOptions): string[] {
  return [options.sasl?.password, options.ssl?.passphrase, options.ssl?.key, options.decoding?.registry?.password].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
}

/** Replaces every secret in `text` by a mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length > 0) masked = masked.split(secret).join('****');
  }
  return masked;
}

/** Checks the options before any connection is tried; returns what is wrong, or nothing. */
export function checkKafkaOptions(options: KafkaConnectionOptions): string | undefined {
  if (options.bootstrapServers.length === 0) return 'Give at least one bootstrap server (host:port).';
  for (const server of options.bootstrapServers) {
    const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(server.trim());
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      // A server written as user:password@host would show its password here: the user info is never echoed.
      const shown = server.includes('@') ? `****@${server.slice(server.lastIndexOf('@') + 1)}` : server;
      return `"${shown}" is not host:port (for example localhost:9092)${server.includes('@') ? '; credentials go in the SASL user name and password, never in a server address' : ''}.`;
    }
  }
  if (options.sasl && options.sasl.username.length === 0) return 'SASL needs a user name.';
  if (options.ssl && (options.ssl.cert === undefined) !== (options.ssl.key === undefined)) {
    return 'A client certificate needs its key, and a key its certificate.';
  }
  return undefined;
}
