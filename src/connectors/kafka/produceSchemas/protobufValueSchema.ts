import type * as Protobuf from 'protobufjs';
import type { JsonValue } from '../../../core/json';
import { compileProtobuf } from '../decoding/protobufDecoder';
import { isBase64, isPlainObject, kindOf, type SchemaProblem, type ValuePath, type ValueSchema } from './valueSchema';

const RANGES: Record<string, { min: bigint; max: bigint }> = {
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  sint32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  sfixed32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  uint32: { min: 0n, max: 2n ** 32n - 1n },
  fixed32: { min: 0n, max: 2n ** 32n - 1n },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  sint64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  sfixed64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  uint64: { min: 0n, max: 2n ** 64n - 1n },
  fixed64: { min: 0n, max: 2n ** 64n - 1n },
};

/**
 * A Protobuf message type of a `.proto` file for produce documents (the type named, else the file's first
 * message, as the decoder picks it), compiled as the decoder compiles it: with the files it imports from
 * `imports` (a registry schema's references, or workspace files) and Google's well-known types. The JSON
 * is what the decoder shows: field names as written in the file, enums by name (or number), 64-bit
 * integers as numbers or decimal text, bytes as base64, maps as objects; null leaves a field unset.
 */
export function protobufValueSchema(protobuf: typeof Protobuf, protoText: string, messageType?: string, imports?: ReadonlyMap<string, string>): ValueSchema {
  const compiled = compileProtobuf(protobuf, protoText, messageType, imports);
  const { defaultType } = compiled;
  const type = compiled.typeNamed(defaultType);
  const check = (value: JsonValue): SchemaProblem[] => {
    const problems: SchemaProblem[] = [];
    checkMessage(protobuf, type, value, [], problems);
    return problems;
  };
  return {
    format: 'protobuf',
    name: defaultType,
    messageIndexes: compiled.indexesOf(defaultType),
    sample: () => sampleMessage(protobuf, type, []),
    check,
    encode: (value) => {
      const problems = check(value);
      if (problems.length > 0) throw new Error(problems[0].message);
      return Buffer.from(type.encode(type.fromObject(withoutNulls(value) as Record<string, unknown>)).finish());
    },
  };
}

function checkMessage(protobuf: typeof Protobuf, type: Protobuf.Type, value: JsonValue, path: ValuePath, problems: SchemaProblem[]): void {
  if (!isPlainObject(value)) {
    problems.push({ path, message: `expected a ${type.name} message (an object), got ${kindOf(value)}` });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) {
      problems.push({ path: [...path, key], message: `${type.name} has no field ${key} (its fields: ${type.fieldsArray.map((f) => f.name).join(', ')})` });
      continue;
    }
    if (item === null) continue;
    const at = [...path, key];
    if (field.map) {
      if (!isPlainObject(item)) problems.push({ path: at, message: `expected a map (an object), got ${kindOf(item)}` });
      else {
        const keyType = keyTypeOf(field);
        for (const [mapKey, mapValue] of Object.entries(item)) {
          if (keyType === 'bool' ? mapKey !== 'true' && mapKey !== 'false' : keyType !== 'string' && !inRange(keyType, mapKey)) {
            problems.push({ path: [...at, mapKey], message: `the map key ${JSON.stringify(mapKey)} is not a ${keyType}` });
          }
          checkField(protobuf, field, mapValue, [...at, mapKey], problems);
        }
      }
    } else if (field.repeated) {
      if (!Array.isArray(item)) problems.push({ path: at, message: `expected a list (an array) for the repeated field ${key}, got ${kindOf(item)}` });
      else item.forEach((element, i) => checkField(protobuf, field, element, [...at, i], problems));
    } else {
      checkField(protobuf, field, item, at, problems);
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => value[f.name] !== undefined && value[f.name] !== null).map((f) => f.name);
    if (set.length > 1) problems.push({ path: [...path, set[1]], message: `only one of ${oneof.name} (${oneof.fieldsArray.map((f) => f.name).join(', ')}) may be set: ${set.join(' and ')} are` });
  }
}

function checkField(protobuf: typeof Protobuf, field: Protobuf.Field, value: JsonValue, path: ValuePath, problems: SchemaProblem[]): void {
  const resolved = field.resolvedType;
  const problem = (message: string) => problems.push({ path, message });
  if (resolved instanceof protobuf.Type) return checkMessage(protobuf, resolved, value, path, problems);
  if (resolved instanceof protobuf.Enum) {
    const known = (typeof value === 'string' && value in resolved.values) || (typeof value === 'number' && Object.values(resolved.values).includes(value));
    if (!known) problem(`expected one of ${Object.keys(resolved.values).join(', ')} (${resolved.name}), got ${describe(value)}`);
    return;
  }
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') problem(`expected text, got ${kindOf(value)}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean') problem(`expected a boolean, got ${kindOf(value)}`);
      return;
    case 'bytes':
      if (typeof value !== 'string' || !isBase64(value)) problem(`expected bytes as base64 text, got ${describe(value)}`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number' && value !== 'NaN' && value !== 'Infinity' && value !== '-Infinity') problem(`expected a ${field.type} (number), got ${describe(value)}`);
      return;
    default:
      if ((typeof value !== 'number' && typeof value !== 'string') || !inRange(field.type, String(value))) problem(`expected a ${field.type} (integer${RANGES[field.type] ? ` from ${RANGES[field.type].min} to ${RANGES[field.type].max}` : ''}), got ${describe(value)}`);
  }
}

function inRange(scalar: string, text: string): boolean {
  const range = RANGES[scalar];
  if (!range || !/^-?\d+$/.test(text)) return false;
  const n = BigInt(text);
  return n >= range.min && n <= range.max;
}

/** Every field once (repeated ones with one item, maps with one entry), a oneof by its first member; a message met again inside itself is left out. */
function sampleMessage(protobuf: typeof Protobuf, type: Protobuf.Type, seen: readonly string[]): JsonValue {
  const inside = [...seen, type.fullName];
  const message: Record<string, JsonValue> = {};
  for (const field of type.fieldsArray) {
    if (field.partOf && field.partOf.fieldsArray[0] !== field) continue;
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type && inside.includes(resolved.fullName)) continue;
    const one = sampleField(protobuf, field, inside);
    if (field.map) message[field.name] = { [sampleMapKey(keyTypeOf(field))]: one };
    else message[field.name] = field.repeated ? [one] : one;
  }
  return message;
}

function sampleField(protobuf: typeof Protobuf, field: Protobuf.Field, seen: readonly string[]): JsonValue {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return sampleMessage(protobuf, resolved, seen);
  if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values)[0] ?? 0;
  switch (field.type) {
    case 'string':
      return field.name;
    case 'bool':
      return false;
    case 'bytes':
      return '';
    default:
      return 0;
  }
}

function sampleMapKey(keyType: string): string {
  return keyType === 'string' ? 'key' : keyType === 'bool' ? 'true' : '0';
}

function keyTypeOf(field: Protobuf.Field): string {
  return (field as unknown as { keyType: string }).keyType;
}

function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) copy[key] = withoutNulls(item);
  return copy;
}

function describe(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length <= 40 ? `${kindOf(value)} ${text}` : kindOf(value);
}
