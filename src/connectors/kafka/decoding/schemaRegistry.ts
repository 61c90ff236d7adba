import { importsOf, referencesOf } from './schemaReferences';
import type { SchemaIdRef } from './wireFormat';

/** A Confluent-API schema registry (Confluent, Apicurio under /apis/ccompat/v7, Karapace, Redpanda). */
export interface RegistrySettings {
  /** The API's base, e.g. http://localhost:8081 or http://localhost:8080/apis/ccompat/v7. */
  url: string;
  username?: string;
  password?: string;
  /** One request (ms); default 5 s. */
  timeoutMs?: number;
}

export type RegistrySchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

/** Another subject's schema that a schema imports (Confluent's `references`): the name it is imported by. */
export interface RegistryReference {
  name: string;
  subject: string;
  version: number;
}

export interface RegistrySchema {
  schemaType: RegistrySchemaType;
  schema: string;
  /**
   * The text of every schema it imports, directly or through another import, by the name it is imported by
   * (a `.proto` file's `import "shop/common.proto"`); absent when it imports none.
   */
  imports?: ReadonlyMap<string, string>;
}

export type RegistryAnswer = { ok: true; schema: RegistrySchema } | { ok: false; error: string };

export const DEFAULT_REGISTRY_TIMEOUT_MS = 5_000;
/** How long a failure is remembered, so that an unknown id or an unreachable registry costs one request, not one a message. */
export const FAILURE_MEMORY_MS = 30_000;

type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/**
 * Schemas by id from a registry, cached for good once found (an id's schema never changes), and each
 * failure remembered for `FAILURE_MEMORY_MS`. Each request has a timeout and the caller's signal; the
 * same id asked for twice at once is one request.
 */
export class SchemaRegistry {
  private readonly base: string;
  private readonly found = new Map<string, RegistryAnswer>();
  private readonly failedAt = new Map<string, number>();
  private readonly asking = new Map<string, Promise<RegistryAnswer>>();

  constructor(
    private readonly settings: RegistrySettings,
    private readonly fetchImpl: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {
    this.base = settings.url.trim().replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  /** What is known of the id now (a schema, or a failure not yet forgotten), without asking. */
  known(ref: SchemaIdRef): RegistryAnswer | undefined {
    const key = keyOf(ref);
    const answer = this.found.get(key);
    if (answer === undefined || answer.ok) return answer;
    if (this.now() - (this.failedAt.get(key) ?? 0) < FAILURE_MEMORY_MS) return answer;
    this.found.delete(key);
    return undefined;
  }

  /** The id's schema, asking the registry unless it is known. Never rejects: a failure is an answer that says why. */
  resolve(ref: SchemaIdRef, signal?: AbortSignal): Promise<RegistryAnswer> {
    const known = this.known(ref);
    if (known) return Promise.resolve(known);
    const key = keyOf(ref);
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(ref, signal).then((answer) => {
        this.asking.delete(key);
        // A cancelled read is no fact about the registry: not remembered.
        if (!signal?.aborted) {
          this.found.set(key, answer);
          if (!answer.ok) this.failedAt.set(key, this.now());
        }
        return answer;
      });
      this.asking.set(key, pending);
    }
    return pending;
  }

  private async ask(ref: SchemaIdRef, signal: AbortSignal | undefined): Promise<RegistryAnswer> {
    const what = 'id' in ref ? `schema id ${ref.id}` : `schema GUID ${ref.guid}`;
    const route = 'id' in ref ? `/schemas/ids/${ref.id}` : `/schemas/guids/${encodeURIComponent(ref.guid)}`;
    const answer = await this.get(route, what, signal);
    if (!answer.ok) return answer;
    const parsed = parseRegistrySchema(answer.body, what, this.base);
    if (!parsed.ok || parsed.references.length === 0) return parsed.ok ? { ok: true, schema: parsed.schema } : parsed;
    const imports = await importsOf(parsed.references, (reference) => this.subjectVersion(reference, signal));
    if (typeof imports === 'string') return { ok: false, error: `${what} imports ${imports}` };
    return { ok: true, schema: { ...parsed.schema, imports } };
  }

  /** One version of a subject: what a reference names. */
  private async subjectVersion(reference: RegistryReference, signal: AbortSignal | undefined): Promise<ParsedSchema> {
    const what = `subject ${reference.subject} version ${reference.version}`;
    const answer = await this.get(`/subjects/${encodeURIComponent(reference.subject)}/versions/${reference.version}`, what, signal);
    return answer.ok ? parseRegistrySchema(answer.body, what, this.base) : answer;
  }

  /** One GET of the registry API: its body, or why there is none. Never rejects. */
  private async get(route: string, what: string, signal: AbortSignal | undefined): Promise<{ ok: true; body: string } | { ok: false; error: string }> {
    const timeoutMs = this.settings.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (this.settings.username !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${this.settings.username}:${this.settings.password ?? ''}`).toString('base64')}`;
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await this.fetchImpl(`${this.base}${route}`, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      const body = await response.text();
      if (response.ok) return { ok: true, body };
      const detail = registryMessage(body);
      if (response.status === 404) return { ok: false, error: `the registry ${this.base} does not know ${what}${detail ? ` (${detail})` : ''}` };
      if (response.status === 401 || response.status === 403) return { ok: false, error: `the registry ${this.base} refused ${what}: HTTP ${response.status} (check its user name and password)` };
      return { ok: false, error: `the registry ${this.base} answered HTTP ${response.status} for ${what}${detail ? `: ${detail}` : ''}` };
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) return { ok: false, error: `the registry ${this.base} did not answer within ${(timeoutMs / 1000).toFixed(1)} s for ${what}` };
      if (signal?.aborted) return { ok: false, error: `cancelled while asking the registry for ${what}` };
      return { ok: false, error: `the registry ${this.base} could not be reached for ${what}: ${causeOf(error)}` };
    }
  }
}

function keyOf(ref: SchemaIdRef): string {
  return 'id' in ref ? `id:${ref.id}` : `guid:${ref.guid.toLowerCase()}`;
}

export type ParsedSchema = { ok: true; schema: RegistrySchema; references: RegistryReference[] } | { ok: false; error: string };

/** A registry answer for one schema (by id or a subject's version): its type, text and the references it imports. */
export function parseRegistrySchema(body: string, what: string, base: string): ParsedSchema {
  try {
    const parsed = JSON.parse(body) as { schema?: unknown; schemaType?: unknown; references?: unknown };
    if (typeof parsed.schema !== 'string') return { ok: false, error: `the registry ${base} sent no schema text for ${what}` };
    const type = parsed.schemaType === undefined ? 'AVRO' : parsed.schemaType;
    if (type !== 'AVRO' && type !== 'PROTOBUF' && type !== 'JSON') return { ok: false, error: `${what} is of type ${JSON.stringify(type)}, which is not decoded here (Avro, Protobuf or JSON Schema)` };
    const references = referencesOf(parsed.references);
    if (typeof references === 'string') return { ok: false, error: `the registry ${base} sent ${what} with ${references}` };
    return { ok: true, schema: { schemaType: type, schema: parsed.schema }, references };
  } catch {
    return { ok: false, error: `the registry ${base} did not answer JSON for ${what}` };
  }
}

/** Confluent's error body: {"error_code": 40403, "message": "Schema not found"}. */
function registryMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message.slice(0, 300) : undefined;
  } catch {
    return body.trim().slice(0, 200) || undefined;
  }
}

/** fetch says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return `${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
