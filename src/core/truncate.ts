import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';

export interface DisplayLimits {
  /** Containers at this depth or deeper are replaced by a marker (the root is depth 0). */
  maxDepth?: number;
  /** Values emitted in total, containers included; the rest of each container becomes a marker. */
  maxNodes?: number;
  maxStringLength?: number;
}

export const DEFAULT_DISPLAY_LIMITS: Required<DisplayLimits> = { maxDepth: 64, maxNodes: 5000, maxStringLength: 10_000 };

/** Key under which an object's marker for keys left out is stored. */
export const MORE_KEYS_MARKER_KEY = '…';
export const DEPTH_LIMIT_MARKER = '… (depth limit)';

/** One container being copied: where its children come from and where they go. */
interface Frame {
  depth: number;
  source: JsonValue[] | JsonObject;
  target: JsonValue[] | JsonObject;
  /** The object's keys; undefined for arrays. */
  keys: string[] | undefined;
  next: number;
}

/**
 * Copies `value` with huge or deep parts cut, for showing to a person. Walks depth-first with an explicit
 * stack: states and payloads come from outside and can nest far deeper than the call stack allows.
 */
export function truncateForDisplay(value: JsonValue, limits: DisplayLimits = {}): { value: JsonValue; truncated: boolean } {
  const maxDepth = limits.maxDepth ?? DEFAULT_DISPLAY_LIMITS.maxDepth;
  const maxNodes = limits.maxNodes ?? DEFAULT_DISPLAY_LIMITS.maxNodes;
  const maxStringLength = limits.maxStringLength ?? DEFAULT_DISPLAY_LIMITS.maxStringLength;
  let truncated = false;
  let nodes = 1;

  const copyScalarOrOpen = (child: JsonValue, depth: number, frames: Frame[]): JsonValue => {
    if (typeof child === 'string') {
      if (child.length <= maxStringLength) return child;
      truncated = true;
      return `${child.slice(0, maxStringLength)}… (${child.length - maxStringLength} more characters)`;
    }
    if (child === null || typeof child !== 'object') return child;
    if (depth >= maxDepth) {
      truncated = true;
      return DEPTH_LIMIT_MARKER;
    }
    const target: JsonValue[] | JsonObject = Array.isArray(child) ? [] : {};
    frames.push({ depth, source: child, target, keys: Array.isArray(child) ? undefined : Object.keys(child), next: 0 });
    return target;
  };

  const frames: Frame[] = [];
  const root = copyScalarOrOpen(value, 0, frames);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    const size = frame.keys === undefined ? (frame.source as JsonValue[]).length : frame.keys.length;
    if (frame.next >= size) {
      frames.pop();
      continue;
    }
    if (nodes >= maxNodes) {
      truncated = true;
      appendRemainderMarker(frame, size - frame.next);
      frames.pop();
      continue;
    }
    nodes += 1;
    const index = frame.next++;
    if (frame.keys === undefined) {
      const target = frame.target as JsonValue[];
      const child = (frame.source as JsonValue[])[index];
      target.push(copyScalarOrOpen(child, frame.depth + 1, frames));
    } else {
      const key = frame.keys[index];
      const child = (frame.source as JsonObject)[key];
      // defineProperty, not assignment: a parsed "__proto__" key must stay data, not become a prototype.
      Object.defineProperty(frame.target, key, {
        value: copyScalarOrOpen(child, frame.depth + 1, frames),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { value: root, truncated };
}

function appendRemainderMarker(frame: Frame, remaining: number): void {
  if (Array.isArray(frame.target)) {
    frame.target.push(`… ${remaining} more ${remaining === 1 ? 'item' : 'items'}`);
  } else if (isJsonObject(frame.target)) {
    frame.target[MORE_KEYS_MARKER_KEY] = `… ${remaining} more ${remaining === 1 ? 'key' : 'keys'}`;
  }
}
