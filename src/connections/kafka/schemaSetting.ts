import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as v from 'valibot';
import { loadProtobuf } from '../../connectors/kafka/decoding/libraries';
import { protoImportsOf } from '../../connectors/kafka/decoding/protoImports';
import { checkTopicSchema, type SchemaFormat, type TopicSchema } from '../../connectors/kafka/decoding/topicDecoders';
import { workspaceProtoImports } from './protoImportFiles';

/** One entry of `eventFlows.kafka.schemas`: a topic (or glob) and the schema file or format its keys or values use. */
export interface KafkaSchemaSetting {
  topic: string;
  part: 'key' | 'value';
  format: SchemaFormat;
  /** Relative to the workspace folder (or absolute). */
  file?: string;
  messageType?: string;
}

const FORMAT_OF_EXTENSION: Record<string, SchemaFormat> = { '.avsc': 'avro', '.proto': 'protobuf' };

const entrySchema = v.pipe(
  v.strictObject(
    {
      topic: v.pipe(v.string('topic must be a topic name or glob'), v.trim(), v.minLength(1, 'topic must not be empty')),
      file: v.optional(v.pipe(v.string('file must be a path'), v.trim(), v.minLength(1, 'file must not be empty'))),
      format: v.optional(v.picklist(['avro', 'protobuf', 'json', 'text', 'hex'], 'format must be avro, protobuf, json, text or hex')),
      messageType: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'messageType must not be empty'))),
      part: v.optional(v.picklist(['key', 'value'], 'part must be "key" or "value"'), 'value'),
    },
    (issue) =>
      issue.expected === 'never'
        ? `unknown field ${issue.received}: topic, file, format, messageType and part are known`
        : 'an entry must be an object such as { "topic": "orders", "file": "schemas/order.avsc" }',
  ),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const entry = dataset.value;
    const fromFile = entry.file === undefined ? undefined : FORMAT_OF_EXTENSION[path.extname(entry.file).toLowerCase()];
    const format = entry.format ?? fromFile;
    if (format === undefined) {
      addIssue({ message: entry.file === undefined ? 'give a schema file (.avsc or .proto) or a format (json, text or hex)' : `${entry.file} is neither .avsc nor .proto: say its format` });
      return NEVER;
    }
    if ((format === 'avro' || format === 'protobuf') && entry.file === undefined) {
      addIssue({ message: `${format} needs a schema file (${format === 'avro' ? '.avsc' : '.proto'})` });
      return NEVER;
    }
    if (entry.messageType !== undefined && format !== 'protobuf') {
      addIssue({ message: 'messageType is for Protobuf schemas only' });
      return NEVER;
    }
    const setting: KafkaSchemaSetting = { topic: entry.topic, part: entry.part, format };
    if (entry.file !== undefined) setting.file = entry.file;
    if (entry.messageType !== undefined) setting.messageType = entry.messageType;
    return setting;
  }),
);

/** Reads `eventFlows.kafka.schemas`: each malformed entry is left out and named, the others kept. */
export function readKafkaSchemaSetting(raw: unknown): { entries: KafkaSchemaSetting[]; problems: string[] } {
  if (raw === undefined || raw === null) return { entries: [], problems: [] };
  if (!Array.isArray(raw)) return { entries: [], problems: ['Setting "eventFlows.kafka.schemas" must be a list of { topic, file | format, messageType?, part? }; no schema is used.'] };
  const entries: KafkaSchemaSetting[] = [];
  const problems: string[] = [];
  raw.forEach((item: unknown, i) => {
    const result = v.safeParse(entrySchema, item);
    if (result.success) entries.push(result.output);
    else {
      const topic = typeof item === 'object' && item !== null && typeof (item as { topic?: unknown }).topic === 'string' ? ` (topic ${JSON.stringify((item as { topic: string }).topic)})` : '';
      problems.push(`Setting "eventFlows.kafka.schemas" entry ${i + 1}${topic} is left out: ${result.issues[0].message}.`);
    }
  });
  return { entries, problems };
}

/**
 * The schema files the entries name, read and compiled (the connector gets their text, never a path).
 * An unreadable or invalid file leaves its entry out and says why; the others still apply.
 */
export async function readWorkspaceSchemas(entries: readonly KafkaSchemaSetting[], root: string | undefined): Promise<{ schemas: TopicSchema[]; problems: string[] }> {
  const schemas: TopicSchema[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const schema: TopicSchema = { topic: entry.topic, part: entry.part, format: entry.format, ...(entry.messageType ? { messageType: entry.messageType } : {}) };
    if (entry.file !== undefined) {
      const file = path.isAbsolute(entry.file) || root === undefined ? entry.file : path.join(root, entry.file);
      try {
        schema.text = await fs.readFile(file, 'utf8');
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        problems.push(`Kafka schema ${entry.file} for ${entry.topic} could not be read (${typeof code === 'string' ? code : String(error)}): its ${entry.part}s are read without it.`);
        continue;
      }
      schema.file = entry.file;
      if (entry.format === 'protobuf') {
        try {
          const imports = await protoImportsOf(await loadProtobuf(), schema.text, entry.file, workspaceProtoImports(root));
          if (imports.size > 0) schema.imports = imports;
        } catch (error) {
          problems.push(`Kafka schema ${entry.file} for ${entry.topic} is not usable: ${error instanceof Error ? error.message : String(error)}. Its ${entry.part}s are read without it.`);
          continue;
        }
      }
    }
    const invalid = await checkTopicSchema(schema);
    if (invalid !== undefined) {
      problems.push(`Kafka schema ${entry.file ?? entry.format} for ${entry.topic} is not valid ${entry.format === 'avro' ? 'Avro' : 'Protobuf'}: ${invalid}. Its ${entry.part}s are read without it.`);
      continue;
    }
    schemas.push(schema);
  }
  return { schemas, problems };
}
