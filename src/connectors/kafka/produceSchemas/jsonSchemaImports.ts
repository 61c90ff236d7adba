import type { JsonValue } from '../../../core/json';
import { isPlainObject } from './valueSchema';

/** Where the imported documents go in the bundled schema: a key no JSON Schema keyword uses. */
export const IMPORTS_KEY = 'x-eventflow-imports';

/**
 * The base URI of a schema that declares none. A scheme of its own, so that no `$ref` a user writes
 * resolves into it by chance, and hierarchical, so that relative refs resolve against it.
 */
const UNNAMED_BASE = 'eventflow-schema://unnamed/schema.json';

/** Keywords whose values are data, not schemas: a `$ref` or `$id` in them is a value like any other. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Keywords whose values map names to schemas: a property called `default` there is a schema. */
const NAME_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

type SchemaObject = { [key: string]: JsonValue };

/** Where each schema resource and anchor of the bundle is, as a JSON Pointer into it. */
interface Locations {
  /** Absolute URI without fragment → pointer: each document's retrieval URI and each `$id`. */
  resources: Map<string, string>;
  /** The pointer of an anchor's resource, `#`, the anchor's name → pointer: `$anchor`, and draft 6–7's `$id: "#name"`. */
  anchors: Map<string, string>;
  /** A referenced document's name as the registry gave it → pointer, for refs that name it as it is. */
  names: Map<string, string>;
}

/**
 * A JSON Schema with the documents it imports (a registry schema's references: `{"$ref": "customer.json"}`
 * or `"customer.json#/$defs/Address"`) copied into it, and every `$ref` rewritten to a pointer inside the
 * one document, so that refs are followed within one root. Refs resolve as URIs, the way validators do:
 * against the base the nearest `$id` sets (a document's own `#...` refs point into it; an embedded
 * resource's into that resource), to any `$id` or `$anchor` in the root or the imports, or to an
 * imported document by its name (resolved against the root's `$id`, or given exactly). A ref to nothing
 * given is left as it is (and said when it is met).
 */
export function bundleJsonSchema(root: JsonValue, imports: ReadonlyMap<string, string>): JsonValue {
  if (!isPlainObject(root)) return root;
  // Indexes, never the registry's names, as keys: names are data (`__proto__` too).
  const names = [...imports.keys()];
  const documents = names.map((name) => {
    try {
      return JSON.parse(imports.get(name) ?? '') as JsonValue;
    } catch (error) {
      throw new Error(`the imported ${JSON.stringify(name)} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  // An imported document is retrieved by its name, which resolves against the root's base like a ref.
  const rootBase = baseOf(root, UNNAMED_BASE);
  const retrievedAt = names.map((name, i) => resolveUri(name, rootBase) ?? `eventflow-schema://imports/${i}.json`);
  const locations: Locations = { resources: new Map(), anchors: new Map(), names: new Map() };
  collect(root, UNNAMED_BASE, '', '', locations);
  documents.forEach((document, i) => {
    const pointer = `/${IMPORTS_KEY}/${i}`;
    setOnce(locations.names, names[i], pointer);
    collect(document, retrievedAt[i], pointer, pointer, locations);
  });
  const bundled = rewrite(root, UNNAMED_BASE, locations) as SchemaObject;
  if (documents.length === 0) return bundled;
  return { ...bundled, [IMPORTS_KEY]: documents.map((document, i) => rewrite(document, retrievedAt[i], locations)) };
}

/** `uri` resolved against `base`, without its fragment; undefined when it is no URI. */
function resolveUri(uri: string, base: string): string | undefined {
  try {
    const url = new URL(uri, base);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** The base URI inside `schema`: its `$id` (without fragment) resolved against `base`, else `base`. */
function baseOf(schema: JsonValue, base: string): string {
  if (!isPlainObject(schema) || typeof schema.$id !== 'string' || schema.$id.startsWith('#')) return base;
  return resolveUri(schema.$id, base) ?? base;
}

function setOnce(map: Map<string, string>, key: string, pointer: string): void {
  // The first declaration wins, as in the document order a validator reads.
  if (!map.has(key)) map.set(key, pointer);
}

/** A JSON Pointer token, escaped and percent-encoded as a `$ref` fragment carries it. */
function pointerToken(key: string | number): string {
  return encodeURIComponent(String(key).replace(/~/g, '~0').replace(/\//g, '~1'));
}

/**
 * Records where `value`'s resources and anchors are. `resourcePointer` is the nearest enclosing resource
 * (a document's root, or an object with an `$id`); a document's root is at its retrieval URI too.
 * `names` says that `value` maps names to schemas (`properties`, `$defs`, ...), so that a property called
 * `$id` or `default` is read as a name, not as a keyword.
 */
function collect(value: JsonValue, outerBase: string, pointer: string, resourcePointer: string, locations: Locations, names = false): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, outerBase, `${pointer}/${i}`, resourcePointer, locations));
    return;
  }
  if (!isPlainObject(value)) return;
  if (names) {
    for (const [name, item] of Object.entries(value)) collect(item, outerBase, `${pointer}/${pointerToken(name)}`, resourcePointer, locations);
    return;
  }
  const base = baseOf(value, outerBase);
  if (pointer === resourcePointer) setOnce(locations.resources, outerBase, pointer);
  if (base !== outerBase || pointer === resourcePointer) {
    setOnce(locations.resources, base, pointer);
    resourcePointer = pointer;
  }
  const anchor = typeof value.$anchor === 'string' ? value.$anchor : typeof value.$id === 'string' && value.$id.startsWith('#') ? value.$id.slice(1) : undefined;
  if (anchor) setOnce(locations.anchors, `${resourcePointer}#${anchor}`, pointer);
  for (const [key, item] of Object.entries(value)) {
    if (!DATA_KEYWORDS.has(key)) collect(item, base, `${pointer}/${pointerToken(key)}`, resourcePointer, locations, NAME_MAP_KEYWORDS.has(key));
  }
}

function rewrite(value: JsonValue, outerBase: string, locations: Locations, names = false): JsonValue {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, outerBase, locations));
  if (!isPlainObject(value)) return value;
  // fromEntries defines keys as data, so a `__proto__` property stays a property.
  if (names) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, rewrite(item, outerBase, locations)]));
  const base = baseOf(value, outerBase);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string') return [key, refInBundle(item, base, locations)];
      return [key, DATA_KEYWORDS.has(key) ? item : rewrite(item, base, locations, NAME_MAP_KEYWORDS.has(key))];
    }),
  );
}

/** `ref` as a pointer into the bundle, or as written when it points at nothing the bundle holds. */
function refInBundle(ref: string, base: string, locations: Locations): string {
  const hash = ref.indexOf('#');
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  const target = resolveUri(ref, base);
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const resource = (target === undefined ? undefined : locations.resources.get(target)) ?? (file === '' ? undefined : locations.names.get(file));
  if (resource === undefined) return ref;
  if (fragment === '' || fragment.startsWith('/')) return `#${resource}${fragment}`;
  const anchored = locations.anchors.get(`${resource}#${fragment}`);
  return anchored === undefined ? ref : `#${anchored}`;
}
