import type { MongoClient } from 'mongodb';
import { maskConnectionString, parseConnectionString } from './connectionString';
import { loadMongoDriver } from './driver';
import { MongoStoreError, classifyMongoError } from './mongoErrors';
import type { MongoStoreOptions } from './mongoOptions';

/**
 * Connects and pings, every step bounded by `timeoutMs`. Throws the driver's error as it is; the store
 * classifies it and removes the password.
 */
export async function openMongoClient(options: MongoStoreOptions, timeoutMs: number, signal?: AbortSignal): Promise<MongoClient> {
  signal?.throwIfAborted();
  const parsed = parseConnectionString(options.connectionString);
  if (!parsed.ok) {
    throw new MongoStoreError('other', parsed.error);
  }
  const { MongoClient } = await loadMongoDriver();
  const tls = options.tls;
  const password = options.password ?? parsed.password;
  const client = new MongoClient(parsed.withoutPassword, {
    appName: 'event-flow-explorer',
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    maxPoolSize: 20,
    ...(parsed.username !== undefined && password !== undefined ? { auth: { username: parsed.username, password } } : {}),
    ...(tls?.enabled ? { tls: true, tlsCAFile: tls.caFile, tlsAllowInvalidCertificates: tls.allowInvalidCertificates ?? false } : {}),
  });
  const singleHost = parsed.scheme === 'mongodb' && !parsed.hosts.includes(',');
  const early = singleHost ? firstDefinitiveFailure(client, maskConnectionString(options.connectionString)) : undefined;
  const aborted = signal ? abortedBy(signal) : undefined;
  try {
    const failures = [early?.failed, aborted?.promise].filter((p): p is Promise<never> => p !== undefined);
    await Promise.race([client.connect(), ...failures]);
    await Promise.race([client.db(options.database).command({ ping: 1 }), ...failures]);
    return client;
  } catch (error) {
    // The connect already failed; a failure to tidy up after it would only hide the reason.
    await client.close(true).catch(() => undefined);
    throw error;
  } finally {
    early?.dispose();
    aborted?.dispose();
  }
}

/** Rejects with an AbortError when the signal aborts, so a slow connect stops at Cancel instead of at its timeout. */
function abortedBy(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      const error = new Error('The connection attempt was cancelled.');
      error.name = 'AbortError';
      reject(error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => onAbort && signal.removeEventListener('abort', onAbort) };
}

/**
 * The first failed server check whose cause will not go away by waiting (refused, unresolvable host, TLS
 * rejected). The driver keeps retrying those until server selection times out; with one host there is
 * nothing else to try, so the user hears at once instead of after the whole timeout.
 */
function firstDefinitiveFailure(client: MongoClient, target: string): { failed: Promise<never>; dispose(): void } {
  let listener: ((event: { failure: Error }) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    listener = (event) => {
      if (DEFINITIVE.has(classifyMongoError(event.failure, target).kind)) reject(event.failure);
    };
    client.on('serverHeartbeatFailed', listener);
  });
  // Settled or not, nobody may be left holding an unhandled rejection.
  failed.catch(() => undefined);
  return {
    failed,
    dispose: () => {
      if (listener) client.off('serverHeartbeatFailed', listener);
    },
  };
}

const DEFINITIVE = new Set(['refused', 'dns', 'tls']);
