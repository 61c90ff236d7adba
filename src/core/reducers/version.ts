import type { FlowEvent } from '../envelope';
import type { JsonValue } from '../json';

/** The event's own version when it has one; otherwise one past the state's, so events without versions still count. */
export function nextVersion(previous: JsonValue | undefined, event: FlowEvent): number {
  if (typeof event.version === 'number' && Number.isFinite(event.version)) return event.version;
  return typeof previous === 'number' && Number.isFinite(previous) ? previous + 1 : 1;
}
