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

/** What to do about a password a URL cannot hold as typed. */
export const URL_PASSWORD_HINT = ' (a password in a URL must percent-encode / ? # [ ] @ : % and spaces; better, leave it out of the URL and give it in the password field: it is kept in secret storage)';

/** Reads the AMQP URL; throws a plain Error with the reason when it is not one. */
export function parseAmqpUrl(text: string): AmqpEndpoint {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${maskUrl(text)}" is not a URL: expected amqp://host:port/vhost or amqps://…${text.includes('@') ? URL_PASSWORD_HINT : ''}`);
  }
  // The scheme comes before any password, so it is judged first.
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'amqp' && protocol !== 'amqps') throw new Error(`The AMQP URL must start with amqp:// or amqps://, not ${protocol}://`);
  // An "@" or "#" after the host means a password's "@", "/", "?" or "#" was not encoded: the URL parser
  // took part of the password for the host, the vhost or the query. Refused, so nothing of it is kept.
  const afterHost = text.trim().replace(/^[a-z]+:\/\/[^/?#]*/i, '');
  if (afterHost.includes('@') || afterHost.includes('#')) throw new Error(`"${maskUrl(text)}" cannot be read: an "@" or "#" after its host${URL_PASSWORD_HINT}`);
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
  // An "@" after the host: the URL parser would take part of an unencoded password for the host or path.
  if (/\/\/[^/?#\s]*[/?#][^\s]*@/.test(text)) return text.replace(/\/\/([^:@/\s]*):.*@/g, '//$1:****@');
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '****';
    return url.toString();
  } catch {
    // Not a URL, perhaps because the password holds an unencoded "/", "#" or "?": everything from the
    // first ":" after the user to the last "@" is masked, so no part of such a password stays in view.
    return text.replace(/\/\/([^:@/\s]*):.*@/g, '//$1:****@');
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
