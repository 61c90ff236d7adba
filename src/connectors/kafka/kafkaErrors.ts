import { maskSecrets } from './options';

/** What went wrong reaching a Kafka cluster, in words a user can act on. */
export type KafkaFailureKind = 'dns' | 'refused' | 'tls' | 'auth' | 'timeout' | 'aborted' | 'refusedByBroker' | 'other';

export class KafkaConnectorError extends Error {
  override readonly name = 'KafkaConnectorError';
  constructor(
    readonly kind: KafkaFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns a kafkajs error into one that says which of DNS, refused, TLS, SASL/auth or timeout it was, with
 * every secret masked. `target` names the cluster (its label), `action` what was being done.
 */
export function classifyKafkaError(error: unknown, target: string, secrets: readonly string[] = []): KafkaConnectorError {
  if (error instanceof KafkaConnectorError) return new KafkaConnectorError(error.kind, maskSecrets(error.message, secrets));
  const text = maskSecrets(collectMessages(error), secrets);
  const make = (kind: KafkaFailureKind, message: string) => new KafkaConnectorError(kind, maskSecrets(message, secrets));
  if (/KafkaJSSASLAuthenticationError|invalid credential|Authentication failed|SASL authentication failed/i.test(text)) {
    return make('auth', `SASL authentication failed with ${target}: check the user name, password and mechanism.`);
  }
  if (/not valid given the current SASL state|ILLEGAL_SASL_STATE/i.test(text)) {
    return make('auth', `${target} does not expect SASL on this port: it is a listener without SASL (PLAINTEXT or SSL); turn SASL off or use the SASL port.`);
  }
  if (/UnsupportedSaslMechanism|UNSUPPORTED_SASL_MECHANISM|mechanism .* not (enabled|supported)/i.test(text)) {
    return make('auth', `${target} does not accept this SASL mechanism: ${firstLine(text)}`);
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) {
    return make('dns', `The host name of ${target} could not be resolved (DNS): check the bootstrap servers.`);
  }
  if (/ECONNREFUSED/i.test(text)) {
    return make('refused', `${target} refused the connection: is the broker running and the port right?`);
  }
  if (/disconnected before secure TLS connection|wrong version number|packet length too long|EPROTO/i.test(text)) {
    return make('tls', `TLS failed with ${target}: the port does not speak TLS (a plaintext listener?). Turn SSL off or use the TLS port.`);
  }
  if (/certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS|ERR_SSL|SSL routines/i.test(text)) {
    return make('tls', `TLS failed with ${target}: ${firstCause(text)}. Check the CA certificate (and the client certificate and key).`);
  }
  if (/KafkaJSConnectionClosedError|Closed connection/i.test(text)) {
    return make('tls', `${target} closed the connection at once: a TLS listener reached without SSL, or a broker that refused the client. Check the SSL setting and the port.`);
  }
  if (/Broker not connected/i.test(text)) {
    // kafkajs's words after its request timed out and it dropped the connection.
    return make('timeout', `${target} accepted the connection but did not answer in time: is it a Kafka listener, and are SSL and SASL set as it expects?`);
  }
  if (/timed? ?out|timeout|KafkaJSRequestTimeoutError/i.test(text)) {
    return make('timeout', `${target} did not answer in time (${firstCause(text)}): is it reachable, and are SSL and SASL set as the listener expects?`);
  }
  if (/AbortError|aborted/i.test(text)) {
    return make('aborted', `Cancelled: ${firstCause(text)}`);
  }
  return make('other', `${target}: ${firstCause(text)}`);
}

/** Kafka's answers about a partition with no leader yet: an election is under way (a broker just restarted or died). */
const ELECTION_ERROR_TYPES = new Set(['LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER']);

/** Whether the error, or what kafkajs's retry wrappers wrap, says a partition's leader is being elected. */
export function isLeaderElection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string' && ELECTION_ERROR_TYPES.has(type)) return true;
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}

function collectMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const type = (current as { type?: unknown }).type;
      parts.push(`${current.name}: ${current.message}${typeof code === 'string' ? ` (${code})` : ''}${typeof type === 'string' ? ` [${type}]` : ''}`);
      const originalError = (current as { originalError?: unknown }).originalError;
      current = current.cause ?? originalError;
    } else {
      parts.push(typeof current === 'string' ? current : String(JSON.stringify(current)));
      break;
    }
  }
  return parts.join(' | ');
}

/** The innermost message: what kafkajs's retry wrappers wrap is what the user needs to read. */
function firstCause(text: string): string {
  const parts = text.split(' | ');
  return firstLine(parts[parts.length - 1].replace(/^KafkaJS\w+: /, ''));
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
