import type { EventHeader } from '../../../core/envelope';
import { hexDump, hexDumpCapacity } from '../../../core/hexDump';
import type { JsonValue } from '../../../core/json';
import { compileAvro, type AvroDecoder } from './avroDecoder';
import { failed, reasonOf, MAX_FALLBACK_HEX_BYTES, type Decoding, type SchemaRef } from './decoding';
import { loadAvsc, loadProtobuf, type SchemaLibraries } from './libraries';
import { compileProtobuf, type ProtobufSchema } from './protobufDecoder';
import { SchemaRegistry, type RegistrySchema, type RegistrySettings } from './schemaRegistry';
import { topicMatcher } from './topicPattern';
import { WIRE_PAYLOAD_OFFSET, readMessageIndexes, readSchemaIdHeader, readWireFrame, wireSchemaId, type Frame, type SchemaIdRef } from './wireFormat';

export type SchemaFormat = 'avro' | 'protobuf' | 'json' | 'text' | 'hex';
export type RecordPart = 'key' | 'value';

/** How a topic's keys or values are decoded when the record does not name a registry schema (from settings). */
export interface TopicSchema {
  /** A topic name or a glob (`orders.*`). */
  topic: string;
  part: RecordPart;
  format: SchemaFormat;
  /** The schema's text (`.avsc` JSON, `.proto` source); none for json, text and hex. */
  text?: string;
  /** The Protobuf message type (default: the file's first message). */
  messageType?: string;
  /** Where the schema came from, shown with each value it decoded (a workspace-relative file). */
  file?: string;
  /** The `.proto` files it imports (and theirs), by the name each is imported by: read for it from the workspace. */
  imports?: ReadonlyMap<string, string>;
}

export interface DecodingOptions {
  schemas?: readonly TopicSchema[];
  registry?: RegistrySettings;
}

/** A record's parts as fetched: what `prepare` looks at to know which schemas the batch names. */
export interface FetchedParts {
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly EventHeader[];
}

type Compiled = { format: 'avro'; avro: AvroDecoder } | { format: 'protobuf'; protobuf: ProtobufSchema } | { format: 'json' | 'text' | 'hex' };
type Compilation = Compiled | { error: string };

interface ReadySchema {
  compiled: Compiled;
  ref: SchemaRef;
}

interface WorkspaceEntry {
  schema: TopicSchema;
  matches: (topic: string) => boolean;
  compiled?: Compilation;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a Kafka record's key and value with the schemas the connection knows: the registry schema a
 * record names (Confluent's wire format, or the schema-id header), else the workspace schema mapped to its
 * topic. `prepare` (async) loads what a batch needs — the libraries, the registry's schemas by id — so
 * that `decode` is synchronous and costs no request per record. Nothing here throws on bad bytes: a value
 * that does not decode says why and falls back to hex.
 */
export class TopicDecoders {
  private readonly registry: SchemaRegistry | undefined;
  private readonly workspace: WorkspaceEntry[];
  private readonly libraries: SchemaLibraries = {};
  private readonly byRegistryKey = new Map<string, Compilation>();
  /** Registry schemas found and compiled, by id (a number) or `guid:<GUID>`: what a value's decoding needs, ready. */
  private readonly ready = new Map<number | string, ReadySchema>();

  constructor(options: DecodingOptions, registry?: SchemaRegistry) {
    this.registry = registry ?? (options.registry?.url ? new SchemaRegistry(options.registry) : undefined);
    this.workspace = (options.schemas ?? []).map((schema) => ({ schema, matches: topicMatcher(schema.topic) }));
  }

  /** Whether any record of the topic could need more than the plain JSON / text / hex reading. */
  appliesTo(topic: string): boolean {
    return this.registry !== undefined || this.workspace.some((w) => w.matches(topic));
  }

  /**
   * Loads what decoding these records needs; returns why some schema could not be had (an unknown id, an
   * unreachable registry), one reason each, so the read can say it once rather than per message.
   */
  async prepare(topic: string, records: readonly FetchedParts[], signal?: AbortSignal): Promise<string[]> {
    const formats = new Set(this.workspace.filter((w) => w.matches(topic)).map((w) => w.schema.format));
    const problems = new Set<string>();
    if (this.registry) {
      const refs = new Map<string, SchemaIdRef>();
      for (const record of records) {
        for (const part of ['key', 'value'] as const) {
          const bytes = record[part];
          if (bytes === null) continue;
          const frame = this.frameOf(bytes, record.headers, part);
          if (frame && 'ref' in frame) refs.set('id' in frame.ref ? `id:${frame.ref.id}` : `guid:${frame.ref.guid}`, frame.ref);
        }
      }
      const registry = this.registry;
      const answers = await Promise.all([...refs.values()].map((ref) => registry.resolve(ref, signal)));
      for (const answer of answers) {
        if (answer.ok) formats.add(answer.schema.schemaType === 'AVRO' ? 'avro' : answer.schema.schemaType === 'PROTOBUF' ? 'protobuf' : 'json');
        else problems.add(answer.error);
      }
    }
    if (formats.has('avro')) this.libraries.avsc ??= await loadAvsc();
    if (formats.has('protobuf')) this.libraries.protobuf ??= await loadProtobuf();
    return [...problems];
  }

  /**
   * The key or value decoded with its schema, or undefined when no schema applies (the caller reads it as
   * plain JSON, text or bytes). Call `prepare` with the record first.
   */
  decode(topic: string, part: RecordPart, bytes: Buffer, headers: readonly EventHeader[], maxPreviewBytes = MAX_FALLBACK_HEX_BYTES): Decoding | undefined {
    try {
      let frame: Frame | { error: string } | undefined;
      if (this.registry && headers.length === 0) {
        // The path of nearly every record: no schema-id header, so the bytes alone say whether a frame names a
        // schema (one already at hand, mostly), and nothing is allocated to find it; unframed keys go on as text.
        const id = wireSchemaId(bytes);
        const ready = id === undefined ? undefined : this.ready.get(id);
        if (ready) return this.decodeReady(ready, bytes, WIRE_PAYLOAD_OFFSET, undefined, maxPreviewBytes);
        frame = id === undefined ? undefined : readWireFrame(bytes);
      } else if (this.registry) {
        frame = this.frameOf(bytes, headers, part);
      }
      if (frame && 'error' in frame) return failed('hex', bytes, frame.error, undefined, maxPreviewBytes);
      if (frame) return this.decodeFramed(frame, bytes, maxPreviewBytes);
      if (this.workspace.length === 0) return undefined;
      const entry = this.workspace.find((w) => w.schema.part === part && w.matches(topic));
      return entry ? this.decodeWithWorkspace(entry, bytes, maxPreviewBytes) : undefined;
    } catch (error) {
      // Decoders catch their own failures; this is the last guard, so a record is never lost to one.
      return failed('hex', bytes, `decoding failed: ${reasonOf(error)}`, undefined, maxPreviewBytes);
    }
  }

  private frameOf(bytes: Buffer, headers: readonly EventHeader[], part: RecordPart): Frame | { error: string } | undefined {
    return readSchemaIdHeader(headers, part) ?? readWireFrame(bytes);
  }

  private decodeFramed(frame: Frame, bytes: Buffer, maxPreviewBytes: number): Decoding {
    // The path every value of a known schema takes: one map lookup, no registry bookkeeping.
    const ready = this.ready.get('id' in frame.ref ? frame.ref.id : `guid:${frame.ref.guid}`);
    if (ready) return this.decodeReady(ready, bytes, frame.offset, frame.headerIndexes, maxPreviewBytes);
    const registry = this.registry;
    const ref: SchemaRef = { ...('id' in frame.ref ? { id: frame.ref.id } : { id: frame.ref.guid }), ...(registry ? { from: registry.url } : {}) };
    const answer = registry?.known(frame.ref);
    if (!answer) return failed('hex', bytes, `schema ${String(ref.id)} was not fetched from the registry before decoding`, ref, maxPreviewBytes);
    if (!answer.ok) return failed('hex', bytes, answer.error, ref, maxPreviewBytes);
    const key = 'id' in frame.ref ? `id:${frame.ref.id}` : `guid:${frame.ref.guid}`;
    let compiled = this.byRegistryKey.get(key);
    if (!compiled) {
      compiled = this.compileRegistrySchema(answer.schema);
      // Compiled once per id; an id whose library is not loaded yet is tried again next time.
      if (!('error' in compiled && compiled.error.startsWith(NOT_LOADED))) this.byRegistryKey.set(key, compiled);
    }
    const decoder = answer.schema.schemaType === 'AVRO' ? 'avro' : answer.schema.schemaType === 'PROTOBUF' ? 'protobuf' : 'json-schema';
    if ('error' in compiled) return failed(decoder, bytes, `schema ${String(ref.id)} from the registry is not usable: ${compiled.error}`, ref, maxPreviewBytes);
    this.ready.set('id' in frame.ref ? frame.ref.id : `guid:${frame.ref.guid}`, { compiled, ref: compiled.format === 'avro' ? { name: compiled.avro.name, ...ref } : ref });
    const result = this.decodePayload(compiled, bytes, frame.offset, ref, frame.headerIndexes, true);
    return result.ok ? result : failed(result.decoder, bytes, result.error, result.schema, maxPreviewBytes);
  }

  private decodeReady(ready: ReadySchema, bytes: Buffer, offset: number, headerIndexes: number[] | undefined, maxPreviewBytes: number): Decoding {
    const result = this.decodePayload(ready.compiled, bytes, offset, ready.ref, headerIndexes, true);
    return result.ok ? result : failed(result.decoder, bytes, result.error, result.schema, maxPreviewBytes);
  }

  private decodeWithWorkspace(entry: WorkspaceEntry, bytes: Buffer, maxPreviewBytes: number): Decoding {
    const schema = entry.schema;
    entry.compiled ??= this.compileWorkspaceSchema(schema);
    const compiled = entry.compiled;
    const ref: SchemaRef = schema.file ? { from: schema.file } : {};
    if ('error' in compiled) {
      if (compiled.error.startsWith(NOT_LOADED)) entry.compiled = undefined;
      return failed(schema.format, bytes, compiled.error, ref, maxPreviewBytes);
    }
    const plain = this.decodePayload(compiled, bytes, 0, ref, undefined, false);
    if (plain.ok) return plain;
    // A registry-framed record read with a schema file: the payload after the frame may still be the schema's.
    const frame = readWireFrame(bytes);
    if (frame && (compiled.format === 'avro' || compiled.format === 'protobuf')) {
      const framed = this.decodePayload(compiled, bytes, frame.offset, { ...ref, id: 'id' in frame.ref ? frame.ref.id : frame.ref.guid }, undefined, true);
      if (framed.ok) return framed;
    }
    return failed(plain.decoder, bytes, plain.error, plain.schema, maxPreviewBytes);
  }

  private decodePayload(compiled: Compiled, bytes: Buffer, offset: number, ref: SchemaRef, headerIndexes: number[] | undefined, framed: boolean): Decoding {
    switch (compiled.format) {
      case 'avro':
        return compiled.avro.decode(bytes, ref.name === undefined ? { name: compiled.avro.name, ...ref } : ref, offset);
      case 'protobuf': {
        let start = offset;
        let typeName = compiled.protobuf.defaultType;
        if (framed) {
          const indexes = headerIndexes ? { indexes: headerIndexes, next: offset } : readMessageIndexes(bytes, offset);
          if ('error' in indexes) return failed('protobuf', bytes, indexes.error, ref);
          start = indexes.next;
          try {
            typeName = compiled.protobuf.typeAt(indexes.indexes);
          } catch (error) {
            return failed('protobuf', bytes, reasonOf(error), ref);
          }
        }
        return compiled.protobuf.decode(bytes.subarray(start), typeName, { name: typeName, ...ref });
      }
      case 'json': {
        const text = utf8(bytes.subarray(offset));
        if (text === undefined) return failed(framed ? 'json-schema' : 'json', bytes, 'the bytes are not UTF-8 text', ref);
        try {
          return { ok: true, decoder: framed ? 'json-schema' : 'json', value: JSON.parse(text) as JsonValue, ...(hasAny(ref) ? { schema: ref } : {}) };
        } catch (error) {
          return failed(framed ? 'json-schema' : 'json', bytes, `not JSON: ${reasonOf(error)}`, ref);
        }
      }
      case 'text': {
        const text = utf8(bytes.subarray(offset));
        return text === undefined ? failed('text', bytes, 'the bytes are not UTF-8 text', ref) : { ok: true, decoder: 'text', value: text };
      }
      case 'hex':
        return { ok: true, decoder: 'hex', value: hexDump(bytes, Math.min(bytes.length, hexDumpCapacity(MAX_FALLBACK_HEX_BYTES))) };
    }
  }

  private compileRegistrySchema(schema: RegistrySchema): Compilation {
    switch (schema.schemaType) {
      case 'AVRO':
        return this.compile('avro', schema.schema);
      case 'PROTOBUF':
        return this.compile('protobuf', schema.schema, undefined, schema.imports);
      case 'JSON':
        return { format: 'json' };
    }
  }

  private compileWorkspaceSchema(schema: TopicSchema): Compilation {
    if (schema.format !== 'avro' && schema.format !== 'protobuf') return { format: schema.format };
    if (schema.text === undefined) return { error: `no ${schema.format === 'avro' ? '.avsc' : '.proto'} schema text was given for ${schema.topic}` };
    const compiled = this.compile(schema.format, schema.text, schema.messageType, schema.imports);
    return 'error' in compiled && !compiled.error.startsWith(NOT_LOADED) ? { error: `${schema.file ?? 'the schema'} is not usable: ${compiled.error}` } : compiled;
  }

  private compile(format: 'avro' | 'protobuf', text: string, messageType?: string, imports?: ReadonlyMap<string, string>): Compilation {
    try {
      if (format === 'avro') {
        const avsc = this.libraries.avsc;
        return avsc ? { format, avro: compileAvro(avsc, text) } : { error: `${NOT_LOADED} avsc` };
      }
      const protobuf = this.libraries.protobuf;
      return protobuf ? { format, protobuf: compileProtobuf(protobuf, text, messageType, imports) } : { error: `${NOT_LOADED} protobufjs` };
    } catch (error) {
      return { error: reasonOf(error) };
    }
  }
}

const NOT_LOADED = 'the decoding library was not loaded:';

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function hasAny(ref: SchemaRef): boolean {
  return ref.id !== undefined || ref.from !== undefined || ref.name !== undefined;
}

/** Checks one workspace schema as settings give it: undefined when it compiles, else why not. */
export async function checkTopicSchema(schema: TopicSchema): Promise<string | undefined> {
  if (schema.format !== 'avro' && schema.format !== 'protobuf') return undefined;
  if (schema.text === undefined) return `no ${schema.format === 'avro' ? '.avsc' : '.proto'} schema text was given`;
  try {
    if (schema.format === 'avro') compileAvro(await loadAvsc(), schema.text);
    else compileProtobuf(await loadProtobuf(), schema.text, schema.messageType, schema.imports);
    return undefined;
  } catch (error) {
    return reasonOf(error);
  }
}
