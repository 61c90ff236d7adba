import type { RegistryReference, RegistrySchema } from './schemaRegistry';

/** The most schemas one schema's imports may reach: a registry answering in a loop cannot hold a read. */
export const MAX_IMPORTED_SCHEMAS = 100;

/** Confluent's `references` of a schema as the registry sends them (absent: none), or what is wrong with them. */
export function referencesOf(value: unknown): RegistryReference[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return 'references that are not a list';
  const references: RegistryReference[] = [];
  for (const item of value as unknown[]) {
    const r = item as Partial<Record<keyof RegistryReference, unknown>> | null;
    if (typeof r !== 'object' || r === null || typeof r.name !== 'string' || typeof r.subject !== 'string' || typeof r.version !== 'number' || !Number.isInteger(r.version)) {
      return 'a reference without a text name and subject and a whole version';
    }
    references.push({ name: r.name, subject: r.subject, version: r.version });
  }
  return references;
}

type VersionAnswer = { ok: true; schema: RegistrySchema; references: RegistryReference[] } | { ok: false; error: string };

/**
 * The text of every schema the references reach, by the name each is imported by, following the imported
 * schemas' own references (each name fetched once, so shared and circular imports end). The first that
 * cannot be had is said, with the reference that named it.
 */
export async function importsOf(references: readonly RegistryReference[], fetchVersion: (reference: RegistryReference) => Promise<VersionAnswer>): Promise<Map<string, string> | string> {
  // A Map: a registry's names (`__proto__` too) are data, never an object's own keys.
  const imports = new Map<string, string>();
  const seen = new Set<string>();
  let next = [...references];
  while (next.length > 0) {
    const round = next.filter((reference) => !seen.has(reference.name) && (seen.add(reference.name), true));
    if (seen.size > MAX_IMPORTED_SCHEMAS) return `more than ${MAX_IMPORTED_SCHEMAS} schemas (through its references)`;
    const answers = await Promise.all(round.map(fetchVersion));
    next = [];
    for (const [index, answer] of answers.entries()) {
      const reference = round[index];
      if (!answer.ok) return `${JSON.stringify(reference.name)} (subject ${reference.subject} version ${reference.version}), which could not be had: ${answer.error}`;
      imports.set(reference.name, answer.schema.schema);
      next.push(...answer.references);
    }
  }
  return imports;
}
