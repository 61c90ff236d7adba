import type { FlowEvent } from '../core/envelope';
import type { ReducerSpec } from './reducerSpec';

/** A stream's events carry no schema version until they are versioned: those are version 1. */
export const FIRST_SCHEMA_VERSION = 1;
/** A chain longer than this is an upcaster that returns its own input version: a loop, not a migration. */
const MAX_CHAIN = 64;

export function schemaVersionOf(event: FlowEvent): number {
  const version = event.metadata?.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : FIRST_SCHEMA_VERSION;
}

export interface Upcasted {
  event: FlowEvent;
  /** The schema versions the event passed through, first to last (one entry when nothing upcast it). */
  versions: number[];
}

/**
 * Runs an event through the upcasters of its type, version by version, until none is left. An upcaster
 * returns the event at the next version; when it does not set `metadata.schemaVersion`, the next version
 * is its input's plus one.
 */
export function upcastEvent(spec: ReducerSpec, original: FlowEvent): Upcasted {
  const byVersion = spec.upcasters.get(original.type);
  const versions = [schemaVersionOf(original)];
  if (!byVersion) return { event: original, versions };
  let event = original;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const from = versions[versions.length - 1];
    const upcaster = byVersion.get(from);
    if (!upcaster) return { event, versions };
    const next = upcaster(event);
    if (typeof next !== 'object' || next === null) throw new TypeError(`upcast.${original.type}[${from}] returned ${next === null ? 'null' : typeof next}, expected the event at version ${from + 1}`);
    const nextEvent = next as FlowEvent;
    const declared = nextEvent.metadata?.schemaVersion;
    const to = typeof declared === 'number' && declared > from ? declared : from + 1;
    event = { ...nextEvent, metadata: { ...(nextEvent.metadata ?? {}), schemaVersion: to } };
    versions.push(to);
  }
  throw new RangeError(`upcast.${original.type} did not reach a last version after ${MAX_CHAIN} steps`);
}
