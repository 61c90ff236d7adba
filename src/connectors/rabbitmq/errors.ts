/** Which half of the broker connection failed: the AMQP listener or the management HTTP API. */
export type RabbitHalf = 'amqp' | 'management';

export type RabbitErrorKind =
  | 'dns'
  | 'refused'
  | 'tls'
  /** AMQP 403 ACCESS_REFUSED: wrong user or password (or no permission on the vhost). */
  | 'access-refused'
  /** HTTP 401: wrong user or password for the management API. */
  | 'unauthorized'
  /** HTTP 403: the user may log in but lacks the management tag or the vhost permission. */
  | 'forbidden'
  | 'timeout'
  | 'not-found'
  /** AMQP 406 PRECONDITION_FAILED: a queue or exchange exists with other arguments, and the like. */
  | 'precondition'
  /** The connection or channel closed under the operation (a broker stopped, a connection closed by an admin). */
  | 'closed'
  | 'aborted'
  | 'invalid'
  | 'other';

const HALF_NAMES: Record<RabbitHalf, string> = { amqp: 'AMQP', management: 'Management API' };

/** Every failure of the RabbitMQ connector: which half, what kind, and a message already free of secrets. */
export class RabbitError extends Error {
  override readonly name = 'RabbitError';

  constructor(
    readonly half: RabbitHalf,
    readonly kind: RabbitErrorKind,
    message: string,
  ) {
    super(`${HALF_NAMES[half]}: ${message}`);
  }
}

interface ErrorFacts {
  code?: string;
  message: string;
}

function facts(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) return { message: String(error) };
  const own = error as Error & { code?: unknown; cause?: unknown };
  // fetch and undici wrap the socket error in `cause`; the code there is the useful one.
  const cause = own.cause instanceof Error ? (own.cause as Error & { code?: unknown }) : undefined;
  const code = typeof own.code === 'string' ? own.code : typeof cause?.code === 'string' ? cause.code : undefined;
  // OpenSSL's texts end in a line break, which would land inside the parentheses of the message.
  const message = (cause && own.message === 'fetch failed' ? cause.message : own.message).trim();
  return { code, message };
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_OSSL|EPROTO)/;

/** The kind of a socket-level failure, shared by both halves. */
function networkKind(code: string | undefined, message: string): RabbitErrorKind | undefined {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if ((code !== undefined && TLS_CODES.test(code)) || /\b(SSL|TLS|certificate)\b/i.test(message)) return 'tls';
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return 'timeout';
  if (code === 'ABORT_ERR' || code === 'ERR_ABORTED') return 'aborted';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /closed|Socket closed|ended/i.test(message)) return 'closed';
  return undefined;
}

const UNTRUSTED = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

/** What a failed TLS handshake most likely means, in the terms of the connection's TLS settings. */
function tlsCause(code: string | undefined, message: string): string | undefined {
  if (code !== undefined && UNTRUSTED.test(code)) return "the broker's certificate is not trusted: give the CA certificate that signed it in the connection's TLS settings";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "the broker's certificate is not made out to this host name";
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return "the broker's certificate is outside its validity dates";
  if (/key values mismatch/i.test(message)) return 'the client key does not belong to the client certificate';
  // TLS 1.3 says "certificate required"; TLS 1.2 brokers (RabbitMQ's default) just fail the handshake.
  if (/certificate required|alert handshake failure|bad certificate|unknown ca/i.test(message)) return 'the broker refused the handshake: it requires a client certificate (and key) signed by a CA it trusts';
  return undefined;
}

function hint(kind: RabbitErrorKind, where: string, code?: string, message = ''): string {
  switch (kind) {
    case 'dns':
      return `the host name in ${where} does not resolve`;
    case 'refused':
      return `nothing listens at ${where} (connection refused)`;
    case 'tls': {
      const cause = tlsCause(code, message);
      return `the TLS handshake with ${where} failed${cause ? `: ${cause}` : ''}`;
    }
    case 'timeout':
      return `${where} did not answer in time`;
    case 'closed':
      return `the connection to ${where} closed`;
    default:
      return where;
  }
}

/** Turns an amqplib (or socket) error into a RabbitError; `where` is the masked host:port. */
export function amqpError(error: unknown, where: string, mask: (text: string) => string): RabbitError {
  if (error instanceof RabbitError) return error;
  const { code, message } = facts(error);
  const text = mask(message);
  if (/ACCESS.REFUSED|\b403\b/.test(message)) return new RabbitError('amqp', 'access-refused', `access refused by ${where}: wrong user name or password, or no permission on the virtual host (${text})`);
  // amqplib reports a refused connection.open (the vhost) only as the close frame it got instead.
  if (/NOT.ALLOWED|\b530\b|Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) return new RabbitError('amqp', 'access-refused', `${where} does not allow this virtual host: it may not exist, or the user has no access (${text})`);
  if (/NOT.FOUND|\b404\b/.test(message)) return new RabbitError('amqp', 'not-found', text);
  if (/PRECONDITION.FAILED|\b406\b/.test(message)) return new RabbitError('amqp', 'precondition', text);
  const kind = networkKind(code, message) ?? 'other';
  return new RabbitError('amqp', kind, kind === 'other' ? text : `${hint(kind, where, code, message)} (${text})`);
}

/** Turns a failed HTTP exchange with the management API into a RabbitError. */
export function managementError(error: unknown, where: string, mask: (text: string) => string): RabbitError {
  if (error instanceof RabbitError) return error;
  const { code, message } = facts(error);
  const text = mask(message);
  const kind = networkKind(code, message) ?? 'other';
  return new RabbitError('management', kind, kind === 'other' ? text : `${hint(kind, where, code, message)} (${text})`);
}

/** The error for an HTTP status the management API answered with. */
export function managementStatusError(status: number, reason: string, where: string): RabbitError {
  if (status === 401) return new RabbitError('management', 'unauthorized', `401 from ${where}: wrong user name or password`);
  if (status === 403) return new RabbitError('management', 'forbidden', `403 from ${where}: the user may not use the management API here (${reason})`);
  if (status === 404) return new RabbitError('management', 'not-found', `404 from ${where}: ${reason || 'not found'}`);
  return new RabbitError('management', 'other', `${status} from ${where}: ${reason}`);
}

/** The message of any error, for reports that must not throw. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
