import type { Options } from 'amqplib';
import type { OutgoingMessage } from '../broker';
import { listToHeaders } from './headerValues';

/** The properties a message may carry, by the names the publish document and `OutgoingMessage` use. */
export const PUBLISH_PROPERTIES = ['contentType', 'contentEncoding', 'correlationId', 'messageId', 'type', 'priority', 'persistent', 'expiration', 'timestamp', 'appId', 'userId', 'replyTo', 'deliveryMode'] as const;
export type PublishProperty = (typeof PUBLISH_PROPERTIES)[number];

const TEXT: ReadonlySet<string> = new Set(['contentType', 'contentEncoding', 'correlationId', 'messageId', 'type', 'appId', 'userId', 'replyTo']);

/**
 * Checks one property's value; returns the reason it is wrong, or undefined. Shared by the publish document's
 * diagnostics and the connector, so both refuse the same things.
 */
export function propertyProblem(name: string, value: unknown): string | undefined {
  if (!(PUBLISH_PROPERTIES as readonly string[]).includes(name)) return `unknown property "${name}" (known: ${PUBLISH_PROPERTIES.join(', ')})`;
  if (TEXT.has(name)) return typeof value === 'string' ? undefined : `"${name}" must be text`;
  if (name === 'priority') return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255 ? undefined : '"priority" must be a whole number from 0 to 255';
  if (name === 'persistent') return typeof value === 'boolean' ? undefined : '"persistent" must be true or false';
  if (name === 'deliveryMode') return value === 1 || value === 2 ? undefined : '"deliveryMode" must be 1 (transient) or 2 (persistent)';
  if (name === 'expiration') return (typeof value === 'string' && /^\d+$/.test(value)) || (Number.isInteger(value) && (value as number) >= 0) ? undefined : '"expiration" must be milliseconds, a whole number';
  if (name === 'timestamp') {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return undefined;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : '"timestamp" must be an ISO 8601 time or seconds since 1970';
  }
  return undefined;
}

function toSeconds(value: string | number): number {
  return typeof value === 'number' ? Math.floor(value) : Math.floor(Date.parse(value) / 1000);
}

/** amqplib's publish options for a message; throws an Error naming the property that is wrong. */
export function publishOptions(message: OutgoingMessage): Options.Publish {
  const options: Options.Publish = {};
  for (const [name, value] of Object.entries(message.properties ?? {})) {
    const problem = propertyProblem(name, value);
    if (problem !== undefined) throw new Error(problem);
    switch (name as PublishProperty) {
      case 'priority':
        options.priority = value as number;
        break;
      case 'persistent':
        options.persistent = value as boolean;
        break;
      case 'deliveryMode':
        options.deliveryMode = value as number;
        break;
      case 'expiration':
        options.expiration = String(value);
        break;
      case 'timestamp':
        options.timestamp = toSeconds(value as string | number);
        break;
      default:
        (options as Record<string, unknown>)[name] = value;
    }
  }
  if (message.headers && message.headers.length > 0) options.headers = listToHeaders(message.headers);
  return options;
}

export function bodyBytes(body: Uint8Array | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}
