import type { IdentityRules } from '../../core/identity';

/** How to reach one RabbitMQ broker: its AMQP listener and its management HTTP API. */
export interface RabbitOptions {
  /** `amqp://host:port/vhost` or `amqps://…`; credentials in it are ignored in favour of `username`/`password`. */
  amqpUrl: string;
  /** `http(s)://host:port` of the management plugin's HTTP API. */
  managementUrl: string;
  username: string;
  /** Kept in memory only; never logged and masked in every message. */
  password: string;
  tls?: RabbitTlsOptions;
  /** Bound for every connect and every call (default 10 s). */
  timeoutMs?: number;
  /** Shown in the management UI as the connection's client-provided name. */
  connectionName?: string;
  /** Where each message's id, type, correlation, causation and trace come from (the connection's override). */
  identity?: IdentityRules;
}

/** PEM text (not file paths: the caller reads the files, so the connector never touches the file system). */
export interface RabbitTlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Accept a certificate that does not verify (self-signed test brokers); off by default. */
  allowInvalidCertificates?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface AmqpEndpoint {
  protocol: 'amqp' | 'amqps';
  hostname: string;
  port: number;
  vhost: string;
}

/** Reads the AMQP URL; throws a plain Error with the reason when it is not one. */
export function parseAmqpUrl(text: string): AmqpEndpoint {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${maskUrl(text)}" is not a URL: expected amqp://host:port/vhost or amqps://…`);
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'amqp' && protocol !== 'amqps') throw new Error(`The AMQP URL must start with amqp:// or amqps://, not ${protocol}://`);
  if (url.hostname === '') throw new Error('The AMQP URL names no host');
  const port = url.port === '' ? (protocol === 'amqps' ? 5671 : 5672) : Number(url.port);
  // The path is the vhost, percent-encoded ("/" is %2F); an empty path is the default vhost "/".
  const path = url.pathname.replace(/^\//, '');
  return { protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port, vhost: path === '' ? '/' : decodeURIComponent(path) };
}

/** Checks the management URL; returns it without a trailing slash and without credentials. */
export function parseManagementUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${maskUrl(text)}" is not a URL: expected http://host:15672`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The management URL must start with http:// or https://, not ${url.protocol}//`);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

/** A URL with any password replaced by ****; text that is not a URL comes back with user:pass@ masked. */
export function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '****';
    return url.toString();
  } catch {
    return text.replace(/\/\/([^:@/\s]*):[^@/\s]*@/g, '//$1:****@');
  }
}

/** Every spelling of the secret a message could carry: as is, percent-encoded, in Basic auth's base64. */
export function secretSpellings(username: string, password: string): string[] {
  if (password === '') return [];
  const spellings = new Set([password, encodeURIComponent(password), Buffer.from(`${username}:${password}`).toString('base64')]);
  return [...spellings].sort((a, b) => b.length - a.length);
}

/** Replaces every spelling of the secret in `text` with ****. */
export function maskSecret(text: string, spellings: readonly string[]): string {
  let masked = maskUrl(text);
  for (const spelling of spellings) masked = masked.split(spelling).join('****');
  return masked;
}
