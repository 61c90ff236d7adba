import type * as Avsc from 'avsc';
import type { JsonValue } from '../../../core/json';
import { isBase64, isPlainObject, kindOf, type SchemaProblem, type ValuePath, type ValueSchema } from './valueSchema';

/** What is read of avsc's types (its public getters are typed loosely). */
interface AvroNode {
  typeName: string;
  name?: string;
  branchName?: string;
  fields?: { name: string; type: AvroNode; defaultValue(): unknown }[];
  itemsType?: AvroNode;
  valuesType?: AvroNode;
  types?: AvroNode[];
  symbols?: string[];
  size?: number;
  toBuffer(value: unknown): Buffer;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * An Avro schema (`.avsc` JSON text) for produce documents. The JSON is what the Avro decoder shows:
 * bytes and fixed as base64, enums by symbol, a union's value as it is (or wrapped as `{ "branch": value }`,
 * Avro's JSON encoding, which a union of two records or of a record and a map needs), records' missing
 * fields taken from their defaults. Logical types are written as their underlying type. Longs past 2^53
 * are refused rather than rounded.
 */
export function avroValueSchema(avsc: typeof Avsc, schemaText: string): ValueSchema {
  const parsed = JSON.parse(schemaText) as Avsc.Schema;
  // Unions wrapped for writing: the branch is chosen here, by the value, never guessed by avsc.
  const type = avsc.Type.forSchema(parsed, { wrapUnions: true }) as unknown as AvroNode;
  const name = type.name ?? type.typeName;
  const convert = (value: JsonValue): { written: unknown; problems: SchemaProblem[] } => {
    const problems: SchemaProblem[] = [];
    const written = toAvro(type, value, [], problems);
    return { written, problems };
  };
  return {
    format: 'avro',
    name,
    sample: () => sampleOf(type, undefined, []),
    check: (value) => convert(value).problems,
    encode: (value) => {
      const { written, problems } = convert(value);
      if (problems.length > 0) throw new Error(problems[0].message);
      return type.toBuffer(written);
    },
  };
}

function toAvro(type: AvroNode, value: JsonValue, path: ValuePath, problems: SchemaProblem[]): unknown {
  const problem = (message: string): undefined => {
    problems.push({ path, message });
    return undefined;
  };
  switch (type.typeName) {
    case 'null':
      return value === null ? null : problem(`expected null, got ${kindOf(value)}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : problem(`expected a boolean, got ${kindOf(value)}`);
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX ? value : problem(`expected an int (32-bit integer), got ${describe(value)}`);
    case 'long': {
      const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
      if (typeof number === 'number' && Number.isInteger(number)) return problem(`${JSON.stringify(value)} is past 2^53 and cannot be written exactly as an Avro long here`);
      return problem(`expected a long (integer), got ${describe(value)}`);
    }
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      return problem(`expected a ${type.typeName} (number), got ${describe(value)}`);
    case 'string':
      return typeof value === 'string' ? value : problem(`expected text, got ${kindOf(value)}`);
    case 'bytes':
      return typeof value === 'string' && isBase64(value) ? Buffer.from(value, 'base64') : problem(`expected bytes as base64 text, got ${describe(value)}`);
    case 'fixed': {
      if (typeof value !== 'string' || !isBase64(value)) return problem(`expected ${type.size ?? 0} bytes as base64 text (${type.name ?? 'fixed'}), got ${describe(value)}`);
      const bytes = Buffer.from(value, 'base64');
      return bytes.length === type.size ? bytes : problem(`expected exactly ${type.size ?? 0} bytes (${type.name ?? 'fixed'}), got ${bytes.length}`);
    }
    case 'enum':
      return typeof value === 'string' && type.symbols?.includes(value) ? value : problem(`expected one of ${(type.symbols ?? []).join(', ')} (${type.name ?? 'enum'}), got ${describe(value)}`);
    case 'array': {
      if (!Array.isArray(value)) return problem(`expected an array, got ${kindOf(value)}`);
      const items = type.itemsType as AvroNode;
      return value.map((item, i) => toAvro(items, item, [...path, i], problems));
    }
    case 'map': {
      if (!isPlainObject(value)) return problem(`expected a map (an object), got ${kindOf(value)}`);
      const values = type.valuesType as AvroNode;
      const map: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) map[key] = toAvro(values, item, [...path, key], problems);
      return map;
    }
    case 'record':
    case 'error': {
      if (!isPlainObject(value)) return problem(`expected a record ${type.name ?? ''} (an object), got ${kindOf(value)}`.replace('  ', ' '));
      const fields = type.fields ?? [];
      const record: Record<string, unknown> = {};
      for (const field of fields) {
        if (field.name in value) record[field.name] = toAvro(field.type, value[field.name], [...path, field.name], problems);
        else {
          const fallback = field.defaultValue();
          if (fallback === undefined) problems.push({ path, message: `missing field ${field.name} (${shortName(field.type)}), which has no default` });
          else record[field.name] = fallback;
        }
      }
      for (const key of Object.keys(value)) {
        if (!fields.some((f) => f.name === key)) problems.push({ path: [...path, key], message: `${type.name ?? 'the record'} has no field ${key} (its fields: ${fields.map((f) => f.name).join(', ')})` });
      }
      return record;
    }
    default:
      if (type.typeName.startsWith('union')) return toUnion(type, value, path, problems);
      return problem(`the Avro type ${type.typeName} is not written here`);
  }
}

function toUnion(type: AvroNode, value: JsonValue, path: ValuePath, problems: SchemaProblem[]): unknown {
  const branches = type.types ?? [];
  if (value === null && branches.some((b) => b.typeName === 'null')) return null;
  // Avro's JSON encoding: { "branch name": value }.
  let wrappedProblems: SchemaProblem[] | undefined;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const named = keys.length === 1 ? branches.find((b) => b.branchName === keys[0]) : undefined;
    if (named) {
      const inner: SchemaProblem[] = [];
      const written = toAvro(named, value[keys[0]], [...path, keys[0]], inner);
      if (inner.length === 0) return { [keys[0]]: written };
      wrappedProblems = inner;
    }
  }
  const candidates = branches.filter((b) => b.typeName !== 'null');
  let closest: SchemaProblem[] | undefined;
  for (const branch of candidates) {
    const inner: SchemaProblem[] = [];
    const written = toAvro(branch, value, path, inner);
    if (inner.length === 0) return { [branch.branchName ?? branch.typeName]: written };
    // The branch of the value's own kind says most about what is wrong with it.
    if (closest === undefined || (sameKind(branch, value) && !closest.some((p) => p.path.length > path.length))) closest = inner;
  }
  const names = branches.map(shortName).join(', ');
  if (wrappedProblems) problems.push(...wrappedProblems);
  else if (candidates.length === 1 && closest) problems.push(...closest);
  else if (closest && closest.some((p) => p.path.length > path.length)) problems.push(...closest);
  else problems.push({ path, message: `matches no branch of the union (${names}): got ${describe(value)}` });
  return undefined;
}

function sameKind(type: AvroNode, value: JsonValue): boolean {
  const t = type.typeName;
  if (isPlainObject(value)) return t === 'record' || t === 'error' || t === 'map';
  if (Array.isArray(value)) return t === 'array';
  return false;
}

/** A value as the decoder would show it: the first non-null branch of a union, one item in arrays and maps. */
function sampleOf(type: AvroNode, fieldName: string | undefined, seen: string[]): JsonValue {
  switch (type.typeName) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 0;
    case 'string':
      return fieldName ?? 'text';
    case 'bytes':
      return '';
    case 'fixed':
      return Buffer.alloc(type.size ?? 0).toString('base64');
    case 'enum':
      return type.symbols?.[0] ?? '';
    case 'array': {
      const items = type.itemsType as AvroNode;
      return isRecursive(items, seen) ? [] : [sampleOf(items, fieldName, seen)];
    }
    case 'map': {
      const values = type.valuesType as AvroNode;
      return isRecursive(values, seen) ? {} : { key: sampleOf(values, fieldName, seen) };
    }
    case 'record':
    case 'error': {
      const inside = [...seen, type.name ?? ''];
      const record: Record<string, JsonValue> = {};
      for (const field of type.fields ?? []) {
        const fallback = field.defaultValue();
        record[field.name] = isSimpleDefault(field.type, fallback) ? (fallback as JsonValue) : sampleOf(field.type, field.name, inside);
      }
      return record;
    }
    default: {
      if (!type.typeName.startsWith('union')) return null;
      const branches = type.types ?? [];
      const chosen = branches.find((b) => b.typeName !== 'null' && !isRecursive(b, seen)) ?? branches[0];
      if (!chosen || chosen.typeName === 'null') return null;
      const value = sampleOf(chosen, fieldName, seen);
      return readsWrapped(branches) ? { [chosen.branchName ?? chosen.typeName]: value } : value;
    }
  }
}

/** A record already being sampled further up: sampling it again would never end. */
function isRecursive(type: AvroNode, seen: readonly string[]): boolean {
  return (type.typeName === 'record' || type.typeName === 'error') && seen.includes(type.name ?? '');
}

function isSimpleDefault(type: AvroNode, value: unknown): boolean {
  if (value === undefined) return false;
  return ['boolean', 'int', 'long', 'float', 'double', 'string', 'enum'].includes(type.typeName) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean');
}

/**
 * Whether the decoder shows this union's values wrapped (`{ "branch": value }`): avsc reads a union
 * unwrapped only when no two branches look alike in JSON.
 */
function readsWrapped(branches: readonly AvroNode[]): boolean {
  const buckets = branches.map((b) => {
    switch (b.typeName) {
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'string':
      case 'enum':
        return 'string';
      case 'bytes':
      case 'fixed':
        return 'buffer';
      case 'map':
      case 'record':
      case 'error':
        return 'object';
      default:
        return b.typeName;
    }
  });
  return new Set(buckets).size < buckets.length;
}

function shortName(type: AvroNode): string {
  return type.name ?? (type.typeName.startsWith('union') ? `union of ${(type.types ?? []).map(shortName).join(' | ')}` : type.typeName);
}

function describe(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length <= 40 ? `${kindOf(value)} ${text}` : kindOf(value);
}
