/**
 * What a parsed AsyncAPI document (2.x or 3.0, through the parser's one model) declares: channels with their
 * addresses, operations and messages with their payload schemas, and a payload validator (ajv, from the same
 * lazily loaded bundle). A payload schema that refers to itself (a circular `$ref`) or is too large to walk
 * is not checked, and says so, rather than risk a validator that never ends.
 */
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import type { DeclaredChannel, DeclaredFlow, DeclaredMessage, PayloadValidator } from '../../../core/asyncapi/flowCheck';
import type { JsonSchema } from '../../../core/asyncapi/schemaInference';
import { loadAsyncApiLibrary } from './asyncApiLibraries';

/** Schema nodes walked at most per payload before it counts as too large to check. */
const MAX_SCHEMA_NODES = 20_000;

export function declaredFlowOf(document: AsyncAPIDocumentInterface, source: string): DeclaredFlow {
  const channels: DeclaredChannel[] = document
    .channels()
    .all()
    .map((channel) => ({
      key: channel.id(),
      address: channel.address() ?? undefined,
      operations: channel
        .operations()
        .all()
        .map((operation) => ({ key: operation.id() ?? '', action: operation.action() })),
      messages: channel
        .messages()
        .all()
        .map((message): DeclaredMessage => {
          const payload = message.hasPayload() ? message.payload()?.json() : undefined;
          const name = message.name() ?? message.id();
          const base = { key: message.id(), ...(name !== undefined ? { name } : {}) };
          if (payload === undefined || typeof payload !== 'object' || payload === null) return { ...base, unchecked: 'no payload schema' };
          const walk = schemaWalk(payload);
          if (walk !== undefined) return { ...base, unchecked: walk };
          return { ...base, payload: payload };
        }),
    }));
  return { source, channels };
}

/** Undefined when the schema is a finite tree of bounded size; else why it is not checked. */
function schemaWalk(schema: object): string | undefined {
  const onPath = new Set<object>();
  let nodes = 0;
  const visit = (node: unknown): string | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (onPath.has(node)) return 'its schema refers to itself (a circular $ref); not checked';
    if (++nodes > MAX_SCHEMA_NODES) return `its schema has over ${MAX_SCHEMA_NODES.toLocaleString('en-US')} parts; not checked`;
    onPath.add(node);
    for (const value of Object.values(node)) {
      const problem = visit(value);
      if (problem !== undefined) return problem;
    }
    onPath.delete(node);
    return undefined;
  };
  return visit(schema);
}

/** ajv, with formats; a schema ajv cannot compile gives every payload one failure that says why. */
export async function payloadValidator(): Promise<PayloadValidator> {
  const ajv = (await loadAsyncApiLibrary()).payloadValidator();
  return (schema) => {
    let validate: ReturnType<typeof ajv.compile>;
    try {
      validate = ajv.compile(stripParserMarks(schema));
    } catch (error) {
      const message = `the declared schema does not compile: ${error instanceof Error ? error.message : String(error)}`;
      return () => ({ path: '/', message });
    }
    return (value) => {
      if (validate(value)) return undefined;
      const error = validate.errors?.[0];
      const path = error?.instancePath === undefined || error.instancePath === '' ? '/' : error.instancePath;
      const detail = error?.keyword === 'required' || error?.keyword === 'additionalProperties' ? ` (${JSON.stringify(error.params)})` : '';
      return { path, message: `${error?.message ?? 'does not match'}${detail}` };
    };
  };
}

/** The parser's own `x-parser-*` marks, which ajv would otherwise carry into every schema id. */
function stripParserMarks(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key.startsWith('x-parser-') ? undefined : value))) as JsonSchema;
}
