import type { JsonValue } from '../../../core/json';
import { isPlainObject } from './valueSchema';

/** Where the imported documents go in the bundled schema: a key no JSON Schema keyword uses. */
export const IMPORTS_KEY = 'x-eventflow-imports';

/**
 * A JSON Schema with the documents it imports (a registry schema's references: `{"$ref": "customer.json"}`
 * or `"customer.json#/$defs/Address"`) copied into it, and every `$ref` rewritten to point inside the one
 * document, so that refs are followed within one root as before. An imported document's own `#...` refs
 * point into its copy. A ref to a document that was not given is left as it is (and said when it is met).
 */
export function bundleJsonSchema(root: JsonValue, imports: ReadonlyMap<string, string>): JsonValue {
  if (imports.size === 0 || !isPlainObject(root)) return root;
  // Indexes, never the registry's names, as keys: names are data (`__proto__` too).
  const names = [...imports.keys()];
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const documents = names.map((name) => {
    try {
      return JSON.parse(imports.get(name) ?? '') as JsonValue;
    } catch (error) {
      throw new Error(`the imported ${JSON.stringify(name)} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const refTo = (ref: string, own: string): string => {
    const hash = ref.indexOf('#');
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (file === '') return `#${own}${fragment}`;
    const index = indexOf.get(file);
    return index === undefined ? ref : `#/${IMPORTS_KEY}/${index}${fragment}`;
  };
  const rewrite = (value: JsonValue, own: string): JsonValue => {
    if (Array.isArray(value)) return value.map((item) => rewrite(item, own));
    if (!isPlainObject(value)) return value;
    // fromEntries defines keys as data, so a `__proto__` property stays a property.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? refTo(item, own) : rewrite(item, own)]));
  };
  return { ...(rewrite(root, '') as { [key: string]: JsonValue }), [IMPORTS_KEY]: documents.map((document, i) => rewrite(document, `/${IMPORTS_KEY}/${i}`)) };
}
