/**
 * An AsyncAPI document as text (YAML, or JSON for a `.json` file) and its check by the AsyncAPI parser. The
 * serializer writes every name from a broker as an escaped value; nothing is pasted into text by hand.
 */
import type { AsyncApiDocument } from '../../../core/asyncapi/flowDocument';
import { loadAsyncApiLibrary } from './asyncApiLibraries';

export type AsyncApiFormat = 'yaml' | 'json';

export function formatOfPath(path: string): AsyncApiFormat {
  return /\.json$/i.test(path) ? 'json' : 'yaml';
}

export async function asyncApiText(document: AsyncApiDocument, format: AsyncApiFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return (await loadAsyncApiLibrary()).toYaml(document);
}

/** One thing the parser found wrong, with its place (1-based line and column) when it gave one. */
export interface DocumentProblem {
  message: string;
  line?: number;
  column?: number;
  /** The JSON path into the document, e.g. `channels.orders.messages`. */
  path?: string;
}

export function describeProblem(source: string, problem: DocumentProblem): string {
  const place = problem.line === undefined ? source : `${source}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${place}: ${problem.message}${problem.path ? ` (at ${problem.path})` : ''}`;
}

/** Documents larger than this are not parsed: the parser holds several copies of one in memory. */
export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

export type ParseOutcome<D> = { document: D; warnings: DocumentProblem[] } | { problems: DocumentProblem[] };

/** The parser's diagnostics carry Spectral's numeric severities: 0 error, 1 warning, 2 information, 3 hint. */
function severityOf(diagnostic: { severity: number }): 'error' | 'warning' | 'other' {
  return diagnostic.severity === 0 ? 'error' : diagnostic.severity === 1 ? 'warning' : 'other';
}

const REFUSED_SCHEMES = ['file', 'http', 'https'];

function refuseExternal(uri: { toString(): string }): never {
  throw new Error(`$ref ${uri.toString()} leaves the document; only references inside it are followed`);
}

type AsyncApiParser = InstanceType<Awaited<ReturnType<typeof loadAsyncApiLibrary>>['Parser']>;
let parserOnce: Promise<AsyncApiParser> | undefined;

/** One parser for every document: making one builds its rule sets, which costs more than most parses. */
function sharedParser(): Promise<AsyncApiParser> {
  parserOnce ??= loadAsyncApiLibrary().then(
    // No $ref leaves the document: a workspace file must not make the extension fetch URLs or read other files.
    ({ Parser }) => new Parser({ __unstable: { resolver: { resolvers: REFUSED_SCHEMES.map((schema) => ({ schema, order: 1, read: refuseExternal })) } } }),
  );
  return parserOnce;
}

/** Parses and validates `text` with the AsyncAPI parser: the document, or every error with its place. */
export async function parseAsyncApi(text: string): Promise<ParseOutcome<import('@asyncapi/parser').AsyncAPIDocumentInterface>> {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { problems: [{ message: `the document holds ${(text.length / 1024 / 1024).toFixed(1)} million characters; documents over ${MAX_DOCUMENT_CHARS / 1024 / 1024} million are not read`, line: 1 }] };
  }
  const parser = await sharedParser();
  const result = await parser.parse(text);
  const toProblem = (d: (typeof result.diagnostics)[number]): DocumentProblem => ({
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    ...(d.path.length > 0 ? { path: d.path.join('.') } : {}),
  });
  const errors = result.diagnostics.filter((d) => severityOf(d) === 'error').map(toProblem);
  if (result.document === undefined || errors.length > 0) return { problems: errors.length > 0 ? errors : [{ message: 'the parser gave no document and said no more' }] };
  return { document: result.document, warnings: result.diagnostics.filter((d) => severityOf(d) === 'warning').map(toProblem) };
}
