import type { FlowEvent } from '../core/envelope';
import type { ReducerInfo } from './types';

/** A state in the sandbox: whatever the user's reducer returns (plain data is expected, not enforced). */
export type UserState = unknown;

/** One aggregate type's reducer as the user's file exports it. */
export interface ReducerSpec {
  aggregateType: string;
  file: string;
  initial: () => UserState;
  apply: (state: UserState, event: FlowEvent) => UserState;
  /** event type → schema version → upcaster to the next version. */
  upcasters: Map<string, Map<number, (event: FlowEvent) => unknown>>;
}

type Exported = Record<string, unknown>;

const isRecord = (value: unknown): value is Exported => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the reducers a file exports: one entry per aggregate type, `{ initial, apply, upcast? }`, where
 * `initial` is a value or a function and `upcast` maps event type → schema version → function. Anything
 * else is named in the error, so the user sees what to change.
 */
export function readReducerSpecs(exported: unknown, file: string): ReducerSpec[] {
  if (!isRecord(exported)) throw new TypeError(`${file} exports ${describe(exported)}; export one object per aggregate type, e.g. { Order: { initial, apply(state, event) } }`);
  const specs: ReducerSpec[] = [];
  const problems: string[] = [];
  for (const [aggregateType, value] of Object.entries(exported)) {
    if (aggregateType === '__esModule') continue;
    if (!isRecord(value) || typeof value.apply !== 'function') {
      problems.push(`${aggregateType}: needs apply(state, event), got ${describe(value)}`);
      continue;
    }
    const apply = value.apply as ReducerSpec['apply'];
    const initialValue = value.initial;
    const initial = typeof initialValue === 'function' ? (initialValue as () => UserState) : () => copyState(initialValue);
    specs.push({ aggregateType, file, initial, apply: apply.bind(value), upcasters: readUpcasters(value.upcast, aggregateType, problems) });
  }
  if (specs.length === 0) {
    throw new TypeError(`${file} exports no reducer${problems.length ? ` (${problems.join('; ')})` : ''}; export one object per aggregate type, e.g. { Order: { initial, apply(state, event) } }`);
  }
  return specs;
}

function readUpcasters(value: unknown, aggregateType: string, problems: string[]): ReducerSpec['upcasters'] {
  const upcasters: ReducerSpec['upcasters'] = new Map();
  if (value === undefined) return upcasters;
  if (!isRecord(value)) {
    problems.push(`${aggregateType}.upcast: expected { EventType: { 1: (event) => event } }, got ${describe(value)}`);
    return upcasters;
  }
  for (const [eventType, byVersion] of Object.entries(value)) {
    if (!isRecord(byVersion)) continue;
    const versions = new Map<number, (event: FlowEvent) => unknown>();
    for (const [version, fn] of Object.entries(byVersion)) {
      if (typeof fn === 'function' && Number.isInteger(Number(version))) versions.set(Number(version), fn as (event: FlowEvent) => unknown);
    }
    if (versions.size > 0) upcasters.set(eventType, versions);
  }
  return upcasters;
}

export function reducerInfo(spec: ReducerSpec): ReducerInfo {
  const upcasters: Record<string, number[]> = {};
  for (const [eventType, versions] of spec.upcasters) upcasters[eventType] = [...versions.keys()].sort((a, b) => a - b);
  return { aggregateType: spec.aggregateType, file: spec.file, upcasters };
}

/**
 * A private copy of a state: checkpoints keep copies, so a reducer that changes the state it was given
 * (instead of returning a new one) cannot change a state the replay hands out again later.
 */
export function copyState(state: UserState): UserState {
  if (typeof state !== 'object' || state === null) return state;
  const copy = copyPlainData(state, 0);
  if (copy !== NOT_PLAIN_DATA) return copy;
  try {
    return structuredClone(state);
  } catch {
    // Functions or class instances with methods do not clone; their JSON form is what the host sees anyway.
    return JSON.parse(JSON.stringify(state)) as UserState;
  }
}

const NOT_PLAIN_DATA: unique symbol = Symbol('not plain data');
const MAX_PLAIN_DEPTH = 64;

/**
 * Plain objects, arrays and primitives copied by hand: a checkpoint every few hundred events, and
 * structuredClone's serialising costs more than the fold in between. Anything else (a Date, a Map, a
 * class instance, a cycle, an own `__proto__` key) gives NOT_PLAIN_DATA and goes to structuredClone.
 */
function copyPlainData(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_PLAIN_DEPTH) return NOT_PLAIN_DATA;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copyPlainData(value[i], depth + 1);
      if (item === NOT_PLAIN_DATA) return NOT_PLAIN_DATA;
      copy[i] = item;
    }
    return copy;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN_DATA;
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key === '__proto__') return NOT_PLAIN_DATA;
    const item = copyPlainData((value as Record<string, unknown>)[key], depth + 1);
    if (item === NOT_PLAIN_DATA) return NOT_PLAIN_DATA;
    copy[key] = item;
  }
  return copy;
}

/** Events are shared by every replay of the stream: frozen, a reducer that writes into one fails loudly. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // for…in over a frozen plain object or array: no key array allocated per object, a million events a stream.
    for (const key in value) if (Object.hasOwn(value, key)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
