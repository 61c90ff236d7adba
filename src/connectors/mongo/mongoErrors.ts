/** What went wrong reaching a MongoDB server, in words a user can act on. */
export type MongoFailureKind = 'dns' | 'refused' | 'auth' | 'tls' | 'timeout' | 'unsupported' | 'other';

export class MongoStoreError extends Error {
  override readonly name = 'MongoStoreError';
  constructor(
    readonly kind: MongoFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Code the server answers for an operation it does not implement (FerretDB for some stages). */
export const NOT_IMPLEMENTED_CODE = 238;
export const DUPLICATE_KEY_CODE = 11000;

export function errorCode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') {
    return error.code;
  }
  return undefined;
}

/** Turns a driver error into a MongoStoreError that says which of DNS, refused, auth, TLS or timeout it was. */
export function classifyMongoError(error: unknown, target: string): MongoStoreError {
  const text = collectMessages(error);
  const code = errorCode(error);
  if (code === 18 || /authentication failed|auth(entication)? error|requires authentication/i.test(text)) {
    return new MongoStoreError('auth', `Authentication failed for ${target}: check the user name and password.`);
  }
  if (code === 13) {
    return new MongoStoreError('auth', `${target} requires authentication: add a user name and password.`);
  }
  if (/ENOTFOUND|EAI_AGAIN|querySrv|getaddrinfo/i.test(text)) {
    return new MongoStoreError('dns', `The host name of ${target} could not be resolved (DNS): check the host.`);
  }
  if (/ECONNREFUSED/i.test(text)) {
    return new MongoStoreError('refused', `${target} refused the connection: is the server running and the port right?`);
  }
  if (/certificate|self[- ]signed|SSL|TLS|EPROTO|wrong version number|handshake/i.test(text)) {
    return new MongoStoreError('tls', `TLS failed with ${target}: ${firstLine(text)}. Check the TLS setting and the CA file.`);
  }
  if (code === NOT_IMPLEMENTED_CODE) {
    return new MongoStoreError('unsupported', `${target} does not support an operation this store needs: ${firstLine(text)}`);
  }
  if (/timed out|timeout|Server selection/i.test(text)) {
    return new MongoStoreError('timeout', `${target} did not answer in time: is it reachable, and is TLS set as the server expects?`);
  }
  return new MongoStoreError('other', `${target}: ${firstLine(text)}`);
}

function collectMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      const reason = (current as { reason?: unknown }).reason;
      if (reason && typeof reason === 'object' && 'servers' in reason && reason.servers instanceof Map) {
        for (const description of reason.servers.values() as Iterable<{ error?: unknown }>) {
          if (description.error) {
            parts.push(collectMessages(description.error));
          }
        }
      }
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join(' | ');
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
