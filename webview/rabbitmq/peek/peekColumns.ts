/**
 * The peek list's columns, in the order a RabbitMQ user reads a message: where it sits, how it was routed,
 * what it is, its priority, whether it was delivered before, how big and how old. Each column gives the
 * cell's text, its tooltip and the value it sorts by (missing values sort last either way).
 */
import type { PeekMessageView } from '../../../src/protocol/rabbitmq/peek';

export type SortValue = number | string | undefined;

export interface PeekColumn {
  id: 'position' | 'id' | 'routingKey' | 'type' | 'priority' | 'redelivered' | 'size' | 'age' | 'notes';
  label: string;
  /** Numbers sit at the right of their cell. */
  numeric: boolean;
  cell: (message: PeekMessageView, readAt: string) => string;
  tooltip?: (message: PeekMessageView, readAt: string) => string;
  sortValue?: (message: PeekMessageView, readAt: string) => SortValue;
}

/** `512` → `512 B`, `2048` → `2.0 KB`, in powers of 1,024 as the management UI counts. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Milliseconds from the message's `timestamp` property to the peek; undefined when the publisher set none. */
export function ageMs(message: PeekMessageView, readAt: string): number | undefined {
  if (message.timestamp === undefined) return undefined;
  const from = Date.parse(message.timestamp);
  const to = Date.parse(readAt);
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, to - from) : undefined;
}

/** `4 s`, `3 min`, `2 h`, `5 d`: the largest whole unit, as a glance wants it. */
export function formatAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

function notes(message: PeekMessageView): string {
  const death = message.deaths[0];
  return [message.deliveryCount !== undefined ? `x-delivery-count ${message.deliveryCount}` : '', death ? death.reason : ''].filter(Boolean).join(' · ');
}

export const PEEK_COLUMNS: readonly PeekColumn[] = [
  { id: 'position', label: '#', numeric: true, cell: (m) => String(m.position), tooltip: () => 'Position from the head of the queue when peeked', sortValue: (m) => m.position },
  { id: 'id', label: 'message id', numeric: false, cell: (m) => m.messageId ?? '', tooltip: (m) => m.messageId ?? 'no message_id property', sortValue: (m) => m.messageId },
  { id: 'routingKey', label: 'routing key', numeric: false, cell: (m) => m.routingKey, tooltip: (m) => `${m.exchange || '(default exchange)'} / ${m.routingKey}`, sortValue: (m) => m.routingKey },
  { id: 'type', label: 'type', numeric: false, cell: (m) => m.type ?? '', tooltip: (m) => m.type ?? 'no type property or event-type header', sortValue: (m) => m.type },
  { id: 'priority', label: 'pri', numeric: true, cell: (m) => (m.priority === undefined ? '' : String(m.priority)), tooltip: (m) => (m.priority === undefined ? 'no priority property' : `priority ${m.priority}`), sortValue: (m) => m.priority },
  { id: 'redelivered', label: 'redelivered', numeric: false, cell: (m) => (m.redelivered ? 'redelivered' : ''), tooltip: (m) => (m.redelivered ? 'delivered before (a peek of a classic queue sets it)' : 'not delivered before'), sortValue: (m) => (m.redelivered ? 1 : 0) },
  { id: 'size', label: 'size', numeric: true, cell: (m) => formatSize(m.size), tooltip: (m) => `${m.size} bytes`, sortValue: (m) => m.size },
  {
    id: 'age',
    label: 'age',
    numeric: true,
    cell: (m, readAt) => {
      const age = ageMs(m, readAt);
      return age === undefined ? '' : formatAge(age);
    },
    tooltip: (m) => (m.timestamp === undefined ? 'the publisher set no timestamp property' : `published ${m.timestamp}`),
    sortValue: (m, readAt) => ageMs(m, readAt),
  },
  { id: 'notes', label: '', numeric: false, cell: notes },
];

/** Compares two sort values; missing values go last whatever the direction. */
export function compareSortValues(a: SortValue, b: SortValue, direction: 1 | -1): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * direction;
  return String(a).localeCompare(String(b)) * direction;
}
