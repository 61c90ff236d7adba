import { importsOf } from '../decoding/schemaReferences';
import { DEFAULT_REGISTRY_TIMEOUT_MS, parseRegistrySchema, type RegistrySchemaType, type RegistrySettings } from '../decoding/schemaRegistry';

export interface SubjectSchema {
  subject: string;
  id: number;
  version: number;
  schemaType: RegistrySchemaType;
  schema: string;
  /** The text of every schema it imports through its references (and theirs), by the name it imports it by; absent when none. */
  imports?: ReadonlyMap<string, string>;
}

export type SubjectAnswer = { ok: true; schema: SubjectSchema } | { ok: false; error: string; missing?: boolean };

type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** The subject a topic's values are registered under by Confluent's default naming (TopicNameStrategy). */
export function valueSubjectOf(topic: string): string {
  return `${topic}-value`;
}

/**
 * The latest version of a subject (`GET {url}/subjects/{subject}/versions/latest`): its id, version,
 * type and text, with the schemas its references import, fetched as the decoders fetch them (each once,
 * at most `MAX_IMPORTED_SCHEMAS`). Never rejects: a subject the registry does not have is `missing`, any
 * other failure says why.
 */
export async function latestSubjectSchema(settings: RegistrySettings, subject: string, signal?: AbortSignal, fetchImpl: Fetch = fetch): Promise<SubjectAnswer> {
  const what = `subject ${subject}`;
  const answer = await ask(settings, `/subjects/${encodeURIComponent(subject)}/versions/latest`, what, signal, fetchImpl);
  if (!answer.ok) return answer;
  let ids: { id?: unknown; version?: unknown };
  try {
    ids = JSON.parse(answer.body) as { id?: unknown; version?: unknown };
  } catch {
    return { ok: false, error: `the registry ${base(settings)} did not answer JSON for ${what}` };
  }
  const parsed = parseRegistrySchema(answer.body, what, base(settings));
  if (!parsed.ok) return parsed;
  if (typeof ids.id !== 'number') return { ok: false, error: `the registry ${base(settings)} sent no schema id for ${what}` };
  const schema: SubjectSchema = { subject, id: ids.id, version: typeof ids.version === 'number' ? ids.version : 0, schemaType: parsed.schema.schemaType, schema: parsed.schema.schema };
  if (parsed.references.length === 0) return { ok: true, schema };
  const imports = await importsOf(parsed.references, async (reference) => {
    const version = `subject ${reference.subject} version ${reference.version}`;
    const got = await ask(settings, `/subjects/${encodeURIComponent(reference.subject)}/versions/${reference.version}`, version, signal, fetchImpl);
    return got.ok ? parseRegistrySchema(got.body, version, base(settings)) : got;
  });
  if (typeof imports === 'string') return { ok: false, error: `${what} imports ${imports}` };
  return { ok: true, schema: { ...schema, imports } };
}

/** Whether a registry answers at this URL (`GET {url}/subjects`): how many subjects it has, or why it could not tell. */
export async function checkRegistry(settings: RegistrySettings, signal?: AbortSignal, fetchImpl: Fetch = fetch): Promise<{ ok: true; subjects: number } | { ok: false; error: string }> {
  const answer = await ask(settings, '/subjects', 'its subjects', signal, fetchImpl);
  if (!answer.ok) return { ok: false, error: answer.error };
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    if (Array.isArray(parsed)) return { ok: true, subjects: parsed.length };
  } catch {
    // Said below: a page that is not the registry API (a proxy's or a web server's).
  }
  return { ok: false, error: `${base(settings)} answered, but not as a Confluent-API schema registry (for Apicurio, the URL ends in /apis/ccompat/v7)` };
}

function base(settings: RegistrySettings): string {
  return settings.url.trim().replace(/\/+$/, '');
}

async function ask(settings: RegistrySettings, route: string, what: string, signal: AbortSignal | undefined, fetchImpl: Fetch): Promise<{ ok: true; body: string } | { ok: false; error: string; missing?: boolean }> {
  const url = base(settings);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (settings.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(`${url}${route}`, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    const body = await response.text();
    if (response.ok) return { ok: true, body };
    if (response.status === 404) return { ok: false, missing: true, error: `the registry ${url} has no ${what}` };
    if (response.status === 401 || response.status === 403) return { ok: false, error: `the registry ${url} refused to give ${what}: HTTP ${response.status} (check its user name and password)` };
    return { ok: false, error: `the registry ${url} answered HTTP ${response.status} for ${what}` };
  } catch (error) {
    if (timeout.aborted && !signal?.aborted) return { ok: false, error: `the registry ${url} did not answer within ${(timeoutMs / 1000).toFixed(1)} s` };
    if (signal?.aborted) return { ok: false, error: `cancelled while asking the registry ${url} for ${what}` };
    // fetch says "fetch failed"; why (ECONNREFUSED, ENOTFOUND, "bad port") is in its cause.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, error: `the registry ${url} could not be reached: ${why}` };
  }
}
