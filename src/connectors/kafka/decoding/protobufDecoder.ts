import type * as Protobuf from 'protobufjs';
import { failed, reasonOf, type Decoding, type SchemaRef } from './decoding';
import { toJsonValue } from './jsonValue';

/** A parsed `.proto` file: decodes a message of one of its types, named or found by Confluent's message indexes. */
export interface ProtobufSchema {
  /** The message type a value is when nothing else says (the one named in settings, else the file's first). */
  readonly defaultType: string;
  decode(bytes: Buffer, typeName?: string, schema?: SchemaRef): Decoding;
  /** The full name of the message type that Confluent's message indexes point at (file order, then nested order). */
  typeAt(indexes: readonly number[]): string;
  /** Confluent's message indexes of a message type (what `typeAt` reads back): its index among the file's own messages, then nested. */
  indexesOf(typeName: string): number[];
  /** A message type by name (the default one when none is given), imported ones too: what produce documents write with. */
  typeNamed(typeName?: string): Protobuf.Type;
}

/** Integers as numbers when exact (text past 2^53), enums by name, bytes as base64, fields at their defaults shown. */
const AS_OBJECT: Protobuf.IConversionOptions = { longs: BigInt, enums: String, bytes: String, defaults: true };

/**
 * Parses a `.proto` file's text, with the files it imports from `imports` (by the name the file imports them
 * by; a registry schema's references) and Google's well-known types. Throws with the parser's reason (and
 * line) when it is not a valid file, when a type it needs comes from an import not given (which is said), or
 * when `messageType` names no message of it.
 */
export function compileProtobuf(protobuf: typeof Protobuf, protoText: string, messageType?: string, imports?: ReadonlyMap<string, string>): ProtobufSchema {
  const root = new protobuf.Root();
  const parsed = protobuf.parse(protoText, root, { keepCase: true });
  const fullName = (type: Protobuf.Type) => type.fullName.replace(/^\./, '');
  // The file's own messages, before its imports add theirs (maybe to the same package): what indexes count.
  const ownTop = messagesOf(protobuf, parsed.package ? root.lookup(parsed.package) : root).map(fullName);
  const missing = addImports(protobuf, root, [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])], imports ?? new Map<string, string>());
  try {
    root.resolveAll();
  } catch (error) {
    throw missing.length > 0 ? new Error(`${reasonOf(error)} (it imports ${missing.map((name) => JSON.stringify(name)).join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not given)`) : error;
  }
  const top = ownTop.map((name) => root.lookupType(name));
  if (top.length === 0) throw new Error('the .proto file declares no message');
  const lookup = (name: string): Protobuf.Type => {
    try {
      return root.lookupType(name.includes('.') || !parsed.package ? name : `${parsed.package}.${name}`);
    } catch {
      throw new Error(`the .proto file has no message ${name} (it has ${top.map(fullName).join(', ')})`);
    }
  };
  const defaultType = fullName(messageType ? lookup(messageType) : top[0]);
  const types = new Map<string, Protobuf.Type>();
  return {
    defaultType,
    decode(bytes, typeName = defaultType, schema = { name: typeName }) {
      try {
        let type = types.get(typeName);
        if (!type) types.set(typeName, (type = lookup(typeName)));
        const message = type.decode(bytes);
        return { ok: true, decoder: 'protobuf', schema, value: toJsonValue(type.toObject(message, AS_OBJECT)) };
      } catch (error) {
        return failed('protobuf', bytes, `not ${typeName} in Protobuf: ${reasonOf(error)}`, schema);
      }
    },
    typeAt(indexes) {
      let candidates = top;
      let found: Protobuf.Type | undefined;
      for (const index of indexes.length === 0 ? [0] : indexes) {
        found = candidates[index];
        if (!found) throw new Error(`message index ${indexes.join(', ')} points past the ${candidates.length} message types there`);
        candidates = messagesOf(protobuf, found);
      }
      return fullName(found ?? top[0]);
    },
    indexesOf(typeName) {
      const path: number[] = [];
      let current: Protobuf.ReflectionObject = lookup(typeName);
      while (current.parent instanceof protobuf.Type) {
        path.unshift(messagesOf(protobuf, current.parent).indexOf(current as Protobuf.Type));
        current = current.parent;
      }
      const index = top.indexOf(current as Protobuf.Type);
      if (index < 0) throw new Error(`${typeName} is not a message of the .proto file itself (an imported one has no message indexes of it)`);
      return [index, ...path];
    },
    typeNamed: (typeName = defaultType) => lookup(typeName),
  };
}

/** Parses each imported file into the root once, following their own imports; the names not given. */
function addImports(protobuf: typeof Protobuf, root: Protobuf.Root, names: readonly string[], imports: ReadonlyMap<string, string>, done = new Set<string>()): string[] {
  const missing: string[] = [];
  for (const name of names) {
    if (done.has(name)) continue;
    done.add(name);
    const text = imports.get(name);
    if (text !== undefined) {
      let parsed: Protobuf.IParserResult;
      try {
        parsed = protobuf.parse(text, root, { keepCase: true });
      } catch (error) {
        throw new Error(`the imported ${JSON.stringify(name)} is not usable: ${reasonOf(error)}`);
      }
      missing.push(...addImports(protobuf, root, [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])], imports, done));
      continue;
    }
    const wellKnown = name.startsWith('google/protobuf/') ? protobuf.common.get(name) : null;
    if (wellKnown?.nested) root.addJSON(wellKnown.nested);
    else missing.push(name);
  }
  return missing;
}

function messagesOf(protobuf: typeof Protobuf, namespace: Protobuf.ReflectionObject | null): Protobuf.Type[] {
  if (!(namespace instanceof protobuf.Namespace)) return [];
  return namespace.nestedArray.filter((n): n is Protobuf.Type => n instanceof protobuf.Type);
}
