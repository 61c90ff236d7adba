import * as vscode from 'vscode';
import type { ProduceSchemaSource } from '../../connectors/kafka/produceDocument';
import { compileValueSchema, formatOfRegistryType, type ProduceSchema } from '../../connectors/kafka/produceSchemas/produceValue';
import { latestSubjectSchema, valueSubjectOf } from '../../connectors/kafka/produceSchemas/registrySubjects';
import { topicMatcher } from '../../connectors/kafka/decoding/topicPattern';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { readKafkaSchemaSetting, readWorkspaceSchemas } from '../../connections/kafka/schemaSetting';

export type SchemaLookup = { ok: true; produce: ProduceSchema } | { ok: false; error: string; missing?: boolean };

/** How long a looked-up schema serves the diagnostics of a document being typed in; a send always looks again. */
const FRESH_MS = 10_000;

/**
 * The schema a produce document's message is written with: the workspace file `eventFlows.kafka.schemas`
 * maps to the topic's values, or the latest schema of the subject `<topic>-value` in the cluster's registry.
 * Never rejects: what could not be had says why.
 */
export class ProduceSchemaLookup {
  private readonly recent = new Map<string, { at: number; answer: Promise<SchemaLookup> }>();

  lookup(source: ProduceSchemaSource, topic: string, cluster: KafkaClusterConnection | undefined, options: { fresh?: boolean; signal?: AbortSignal } = {}): Promise<SchemaLookup> {
    const key = JSON.stringify([source, topic, source === 'registry' ? (cluster?.id ?? '') : '']);
    const known = this.recent.get(key);
    if (known && !options.fresh && Date.now() - known.at < FRESH_MS) return known.answer;
    const answer = (source === 'workspace' ? fromWorkspace(topic) : fromRegistry(topic, cluster, options.signal)).catch((error: unknown): SchemaLookup => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    this.recent.set(key, { at: Date.now(), answer });
    return answer;
  }
}

async function fromWorkspace(topic: string): Promise<SchemaLookup> {
  const { entries } = readKafkaSchemaSetting(vscode.workspace.getConfiguration('eventFlows').get('kafka.schemas'));
  const entry = entries.find((e) => e.part === 'value' && topicMatcher(e.topic)(topic));
  if (!entry) return { ok: false, missing: true, error: `no entry of "eventFlows.kafka.schemas" maps a schema file to the values of ${topic}` };
  if (entry.format !== 'avro' && entry.format !== 'protobuf') return { ok: false, error: `"eventFlows.kafka.schemas" reads the values of ${topic} as ${entry.format}, which has no schema to write with` };
  const { schemas, problems } = await readWorkspaceSchemas([entry], vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  const schema = schemas[0];
  if (!schema?.text) return { ok: false, error: problems[0] ?? `the schema file for ${topic} could not be read` };
  const compiled = await compileValueSchema({ format: schema.format === 'avro' ? 'avro' : 'protobuf', text: schema.text, ...(schema.messageType ? { messageType: schema.messageType } : {}), ...(schema.imports ? { imports: schema.imports } : {}) });
  return { ok: true, produce: { schema: compiled, from: entry.file ?? entry.topic } };
}

async function fromRegistry(topic: string, cluster: KafkaClusterConnection | undefined, signal?: AbortSignal): Promise<SchemaLookup> {
  if (!cluster) return { ok: false, error: 'the registry schema is looked up once the document has a cluster (the first send asks for one)' };
  const settings = await cluster.registrySettings();
  if (!settings) return { ok: false, missing: true, error: `${cluster.label} has no schema registry: add its URL with "Edit Kafka Cluster"` };
  const subject = valueSubjectOf(topic);
  const answer = await latestSubjectSchema(settings, subject, signal);
  if (!answer.ok) return answer;
  const { id, version, schemaType, schema, imports } = answer.schema;
  try {
    const compiled = await compileValueSchema({ format: formatOfRegistryType(schemaType), text: schema, ...(imports ? { imports } : {}) });
    return { ok: true, produce: { schema: compiled, registryId: id, from: `registry subject ${subject} v${version}, id ${id}` } };
  } catch (error) {
    return { ok: false, error: `the registry's schema for ${subject} (id ${id}) is not usable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
