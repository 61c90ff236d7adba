/**
 * MongoDB connection strings without their secret: profiles store the string with no password, the
 * password lives in secret storage, and everything shown or logged goes through `maskConnectionString`.
 */
export type ParsedConnectionString =
  | { ok: true; scheme: 'mongodb' | 'mongodb+srv'; username?: string; password?: string; hosts: string; withoutPassword: string }
  | { ok: false; error: string };

const PATTERN = /^(mongodb(?:\+srv)?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(.*)$/;

export function parseConnectionString(text: string): ParsedConnectionString {
  const trimmed = text.trim();
  if (!/^mongodb(\+srv)?:\/\//.test(trimmed)) {
    return { ok: false, error: 'A connection string starts with mongodb:// or mongodb+srv://' };
  }
  const match = PATTERN.exec(trimmed);
  if (!match) {
    return { ok: false, error: 'The connection string has no host (mongodb://host:27017)' };
  }
  const [, scheme, user, password, hosts, rest] = match;
  if (scheme === 'mongodb+srv' && (hosts.includes(',') || /:\d+$/.test(hosts))) {
    return { ok: false, error: 'A mongodb+srv:// string names one host name without a port' };
  }
  const decode = (s: string | undefined): string | undefined => {
    if (s === undefined || s === '') {
      return undefined;
    }
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(user);
  const withoutPassword = `${scheme}://${user ? `${user}@` : ''}${hosts}${rest}`;
  return { ok: true, scheme: scheme as 'mongodb' | 'mongodb+srv', username, password: decode(password), hosts, withoutPassword };
}

/** The string with any password replaced by `****`; safe for labels, logs and error messages. */
export function maskConnectionString(text: string): string {
  return text.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]*):[^@/]*@/, '$1:****@');
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
