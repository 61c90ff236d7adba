/**
 * The shape of a payload: the sorted set of its field paths with their JSON types (`data.items[].price:
 * number`; array elements share the path `[]`), bounded in paths and depth so that a payload with 10,000
 * fields or 1,000-deep nesting costs a bounded walk and says it was cut.
 *
 * Building that set of strings for every event of a million would dominate a scan, so `ShapeFingerprint`
 * first writes the payload's structure as small integers (a type code per value, an id per key) into one
 * reused buffer: events with the same structure give the same integers, and only a structure not seen
 * before pays for the strings.
 */

export interface ShapeLimits {
  /** Distinct `path: type` entries kept per payload; the walk stops at the next new one. */
  maxPaths: number;
  /** Levels below the root that are walked; a container at this depth is listed but not opened. */
  maxDepth: number;
}

export type ShapeCut = 'paths' | 'depth';

export interface PayloadShape {
  /** The sorted entries joined by line breaks: equal keys, equal shapes. */
  key: string;
  fields: string[];
  /** Why the shape is not whole, when it is not. */
  cut: ShapeCut[];
}

export type JsonTypeName = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return 'object';
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

export function childPath(path: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

interface ShapeWalk {
  readonly entries: Set<string>;
  readonly limits: ShapeLimits;
  cutPaths: boolean;
  cutDepth: boolean;
}

/** The shape of `value`, its paths starting at `root`. Recursion is bounded by `maxDepth`. */
export function shapeOf(value: unknown, limits: ShapeLimits, root = 'data'): PayloadShape {
  const walk: ShapeWalk = { entries: new Set(), limits, cutPaths: false, cutDepth: false };
  collect(value, root, 0, walk);
  const fields = [...walk.entries].sort();
  const cut: ShapeCut[] = [];
  if (walk.cutPaths) cut.push('paths');
  if (walk.cutDepth) cut.push('depth');
  return { key: fields.join('\n'), fields, cut };
}

function collect(value: unknown, path: string, depth: number, walk: ShapeWalk): void {
  const type = jsonTypeOf(value);
  const entry = `${path}: ${type}`;
  if (!walk.entries.has(entry)) {
    if (walk.entries.size >= walk.limits.maxPaths) {
      walk.cutPaths = true;
      return;
    }
    walk.entries.add(entry);
  }
  if (type === 'array') {
    const items = value as unknown[];
    if (items.length > 0 && depth >= walk.limits.maxDepth) walk.cutDepth = true;
    else for (const item of items) {
      collect(item, `${path}[]`, depth + 1, walk);
      if (walk.cutPaths) return;
    }
  } else if (type === 'object') {
    const object = value as Record<string, unknown>;
    if (depth >= walk.limits.maxDepth) {
      for (const _ in object) {
        walk.cutDepth = true;
        break;
      }
      return;
    }
    for (const key in object) {
      collect(object[key], childPath(path, key), depth + 1, walk);
      if (walk.cutPaths) return;
    }
  }
}

const OBJECT = 1;
const ARRAY = 2;
const STRING = 3;
const NUMBER = 4;
const BOOLEAN = 5;
const NULL = 6;
const END = 7;
/** A container at the depth limit: its contents are not walked (the shape says so). */
const CUT = 8;
const FIRST_KEY_ID = 16;

/** Tokens per payload before the fingerprint gives up and the caller builds the shape the slow way. */
const MAX_TOKENS = 4096;
/** Distinct key names given an id; past this, payloads with new names take the slow way. */
const MAX_KEY_IDS = 200_000;

/**
 * Writes a payload's structure (type codes, key ids, container ends) into `tokens` and hashes it. Two
 * payloads with equal tokens have equal shapes (the shape walk visits the same keys in the same order and
 * stops at the same depth); the reverse need not hold (key order), which costs only a second cache entry.
 */
export class ShapeFingerprint {
  readonly tokens = new Int32Array(MAX_TOKENS);
  length = 0;
  hash = 0;
  private readonly keyIds = new Map<string, number>();

  constructor(private readonly maxDepth: number) {}

  /** False when the payload is too large or uses too many new names for a fingerprint. */
  read(value: unknown): boolean {
    this.length = 0;
    if (!this.write(value, 0)) return false;
    let hash = 0x811c9dc5;
    const tokens = this.tokens;
    for (let i = 0; i < this.length; i++) hash = Math.imul(hash ^ tokens[i], 16777619);
    this.hash = hash >>> 0;
    return true;
  }

  /** Whether `stored` holds exactly the tokens just read. */
  matches(stored: Int32Array): boolean {
    if (stored.length !== this.length) return false;
    const tokens = this.tokens;
    for (let i = 0; i < stored.length; i++) if (stored[i] !== tokens[i]) return false;
    return true;
  }

  copy(): Int32Array {
    return this.tokens.slice(0, this.length);
  }

  private push(token: number): boolean {
    if (this.length >= MAX_TOKENS) return false;
    this.tokens[this.length++] = token;
    return true;
  }

  private write(value: unknown, depth: number): boolean {
    if (value === null || value === undefined) return this.push(NULL);
    switch (typeof value) {
      case 'string':
        return this.push(STRING);
      case 'number':
        return this.push(NUMBER);
      case 'boolean':
        return this.push(BOOLEAN);
      default:
        break;
    }
    if (Array.isArray(value)) {
      if (!this.push(ARRAY)) return false;
      if (value.length > 0 && depth >= this.maxDepth) return this.push(CUT);
      for (let i = 0; i < value.length; i++) if (!this.write(value[i], depth + 1)) return false;
      return this.push(END);
    }
    if (!this.push(OBJECT)) return false;
    const object = value as Record<string, unknown>;
    if (depth >= this.maxDepth) {
      for (const _ in object) return this.push(CUT);
      return this.push(END);
    }
    for (const key in object) {
      let id = this.keyIds.get(key);
      if (id === undefined) {
        if (this.keyIds.size >= MAX_KEY_IDS) return false;
        id = FIRST_KEY_ID + this.keyIds.size;
        this.keyIds.set(key, id);
      }
      if (!this.push(id) || !this.write(object[key], depth + 1)) return false;
    }
    return this.push(END);
  }
}
