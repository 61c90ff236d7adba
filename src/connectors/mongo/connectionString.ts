/**
 * MongoDB connection strings without their secret: profiles store the string with no password, the
 * password lives in secret storage, and everything shown or logged goes through `maskConnectionString`.
 * Strings are read by the driver's own parser (`mongodb-connection-string-url`), so what we take apart is
 * exactly what the driver would connect with; a string it cannot read is refused with the reason (a
 * password with an unencoded `/`, `@`, `:`, `?`, `#`, `[` or `]` would otherwise be misread, and a
 * misread string kept whole, password and all).
 */
import type ConnectionString from 'mongodb-connection-string-url';

let parserClass: typeof ConnectionString | undefined;

/**
 * The parser, required on first use (the build makes it a file of its own: with its URL and Unicode
 * tables it would double what activation parses, and most windows never read a MongoDB string).
 */
function parser(): typeof ConnectionString {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose: profiles are checked while settings are read.
  parserClass ??= (require('mongodb-connection-string-url') as { default: typeof ConnectionString }).default;
  return parserClass;
}

export type ParsedConnectionString =
  | { ok: true; scheme: 'mongodb' | 'mongodb+srv'; username?: string; password?: string; hosts: string; withoutPassword: string }
  | { ok: false; error: string };

const USER_INFO = /^(mongodb(?:\+srv)?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(.*)$/s;

const ENCODING_HINT = 'percent-encode / ? # [ ] @ : % and spaces in the user name and password (/ as %2F, @ as %40, % as %25), or leave the password out of the string and type it when asked';

function decoded(text: string): string | undefined {
  return text === '' ? undefined : decodeURIComponent(text);
}

export function parseConnectionString(text: string): ParsedConnectionString {
  const trimmed = text.trim();
  if (!/^mongodb(\+srv)?:\/\//.test(trimmed)) {
    return { ok: false, error: 'A connection string starts with mongodb:// or mongodb+srv://' };
  }
  let parsed: ConnectionString;
  try {
    parsed = new (parser())(trimmed);
  } catch (error) {
    return { ok: false, error: refusal(trimmed, error) };
  }
  if (parsed.hosts.length === 0 || parsed.hosts.some((host) => host === '')) {
    return { ok: false, error: 'The connection string has no host (mongodb://host:27017)' };
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = decoded(parsed.username);
    password = decoded(parsed.password);
  } catch {
    return { ok: false, error: `The connection string's user name or password has a % that starts no escape: ${ENCODING_HINT}` };
  }
  // The parser accepted the user info, so it holds no unescaped "@", "/" or ":": splitting it off is now exact.
  const match = USER_INFO.exec(trimmed);
  if (!match) return { ok: false, error: 'The connection string has no host (mongodb://host:27017)' };
  const [, scheme, user, , rest] = match;
  // An "@" or "#" after the user info means a password's "@", "/", "?" or "#" was not encoded: the parser
  // took part of the password for the host, path or options. Refused, so nothing of it is kept.
  if (rest.includes('@') || rest.includes('#') || parsed.hosts.some((host) => !/^(\[[^\]]+\]|[^:[\]]+)(:\d{1,5})?$/.test(host))) {
    return { ok: false, error: `The connection string cannot be read: its hosts, path or options hold an "@", "#" or a port that is not a number, as when a password is not encoded: ${ENCODING_HINT}.` };
  }
  const withoutPassword = `${scheme}://${user ? `${user}@` : ''}${rest}`;
  return { ok: true, scheme: parsed.isSRV ? 'mongodb+srv' : 'mongodb', ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }), hosts: parsed.hosts.join(','), withoutPassword };
}

/** Why the driver's parser refused the string, never with the string itself (it may hold the password). */
function refusal(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // The parser names an unescaped user name; the text after "characters" is the user's, so only the kind is kept.
  const reason = /^Username contains unescaped characters/.test(raw) ? 'The user name contains unescaped characters' : raw;
  return `The connection string cannot be read (${maskConnectionString(reason)})${text.includes('@') ? `: ${ENCODING_HINT}` : ''}.`;
}

/**
 * The string with any password replaced by `****`; safe for labels, logs and error messages. Everything
 * from the first ":" of the user info to the last "@" is masked, so an unencoded "/" or "@" in a password
 * cannot leave part of it in view.
 */
export function maskConnectionString(text: string): string {
  return text.replace(/(mongodb(?:\+srv)?:\/\/[^:@/\s]*):.*@/g, '$1:****@');
}

/** Removes `secret` from a message, however a driver chose to echo it. */
export function redact(message: string, secret: string | undefined): string {
  if (!secret) {
    return message;
  }
  const variants = new Set([secret, encodeURIComponent(secret)]);
  let result = message;
  for (const variant of variants) {
    result = result.split(variant).join('****');
  }
  return maskConnectionString(result);
}
