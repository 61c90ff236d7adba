import type { JsonValue } from '../../../core/json';
import { isPlainObject } from './valueSchema';

/** A JSON Schema or one of its subschemas (a boolean schema allows everything or nothing). */
export type Schema = { [key: string]: JsonValue } | boolean;

/** A `$ref` chain longer than this is a loop. */
const MAX_REF_HOPS = 32;
/**
 * Schemas one check or sample may evaluate. Refs shared between branches (`anyOf` of `anyOf` of ...) can
 * make a small schema cost 2^n evaluations; a registry's schema is data others wrote, so the cost is capped.
 */
export const MAX_EVALUATIONS = 200_000;

/** One check or sample over the bundled schema: its root and what it has cost so far. */
export interface Walk {
  readonly root: Schema;
  evaluations: number;
}

/** Follows `schema`'s `$ref`s (pointers into the bundled `root`, see jsonSchemaImports.ts) to the schema they name. */
export function resolve(root: Schema, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    if (hops > MAX_REF_HOPS) throw new Error(`$ref ${current.$ref} loops`);
    const ref = current.$ref;
    if (!ref.startsWith('#')) throw new Error(`$ref ${ref} is outside this schema (only refs within it and into the schemas it references are followed, by name or $id)`);
    let target: JsonValue = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const part = pointerPart(raw, ref);
      // Own keys only: `#/__proto__` or `#/constructor` point at nothing, not at Object's members.
      const next: JsonValue | undefined = (isPlainObject(target) || Array.isArray(target)) && Object.hasOwn(target, part) ? (target as Record<string, JsonValue>)[part] : undefined;
      if (next === undefined) throw new Error(`$ref ${ref} points at nothing`);
      target = next;
    }
    if (typeof target !== 'boolean' && !isPlainObject(target)) throw new Error(`$ref ${ref} points at no schema`);
    // Keywords beside a $ref (2019-09 on) apply too.
    const { $ref: _, ...beside } = current;
    current = Object.keys(beside).length === 0 ? target : typeof target === 'boolean' ? target : { ...target, ...beside };
  }
  return current;
}

function pointerPart(raw: string, ref: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new Error(`$ref ${ref} is no JSON Pointer: ${JSON.stringify(raw)} is not percent-encoded text`);
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function typesOf(schema: { [key: string]: JsonValue }): string[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return undefined;
}
