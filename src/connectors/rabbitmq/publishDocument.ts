import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { EventHeader } from '../../core/envelope';
import type { OutgoingMessage } from '../broker';
import { propertyProblem } from './publishOptions';

/**
 * A publish document: one message, or a list of them, as JSON (comments allowed):
 * `{ "exchange": "orders", "routingKey": "order.created", "properties": { "persistent": true },
 *    "headers": { "tenant": "acme" }, "body": { … } }`. `body` that is text is sent as it is; any other
 * JSON value is sent as its JSON text; `bodyBase64` sends bytes.
 */
export interface PublishDocumentMessage {
  exchange: string;
  message: OutgoingMessage;
}

export interface DocumentProblem {
  message: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
  offset: number;
  length: number;
}

export type PublishDocumentResult = { ok: true; messages: PublishDocumentMessage[] } | { ok: false; problems: DocumentProblem[] };

const KNOWN_KEYS = new Set(['exchange', 'routingKey', 'properties', 'headers', 'body', 'bodyBase64']);

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Collector {
  readonly problems: DocumentProblem[] = [];
  constructor(private readonly text: string) {}

  add(message: string, node: { offset: number; length: number } | undefined): void {
    const offset = node?.offset ?? 0;
    this.problems.push({ message, ...lineAndColumn(this.text, offset), offset, length: node?.length ?? 1 });
  }
}

function headersOf(node: Node, where: string, problems: Collector): EventHeader[] {
  const value = getNodeValue(node) as unknown;
  if (Array.isArray(value)) {
    const headers: EventHeader[] = [];
    value.forEach((entry: unknown, index) => {
      const child = node.children?.[index];
      const e = entry as { key?: unknown; value?: unknown; encoding?: unknown } | null;
      if (typeof e !== 'object' || e === null || typeof e.key !== 'string' || typeof e.value !== 'string') return problems.add(`${where}headers[${index}] must be { "key": text, "value": text }`, child);
      if (e.encoding !== undefined && e.encoding !== 'base64') return problems.add(`${where}headers[${index}].encoding may only be "base64"`, child);
      headers.push(e.encoding === 'base64' ? { key: e.key, value: e.value, encoding: 'base64' } : { key: e.key, value: e.value });
    });
    return headers;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>).map(([key, item]) => ({ key, value: typeof item === 'string' ? item : JSON.stringify(item) }));
  }
  problems.add(`${where}"headers" must be an object or a list of { key, value }`, node);
  return [];
}

function readMessage(node: Node, where: string, problems: Collector): PublishDocumentMessage | undefined {
  if (node.type !== 'object') {
    problems.add(`${where}a message must be an object with "exchange", "routingKey" and "body"`, node);
    return undefined;
  }
  const before = problems.problems.length;
  for (const property of node.children ?? []) {
    const key = property.children?.[0];
    if (key && !KNOWN_KEYS.has(String(key.value))) problems.add(`${where}unknown field "${String(key.value)}" (known: ${[...KNOWN_KEYS].join(', ')})`, key);
  }
  const field = (name: string): Node | undefined => findNodeAtLocation(node, [name]);
  const exchange = field('exchange');
  if (exchange === undefined) problems.add(`${where}"exchange" is missing (use "" for the default exchange)`, node);
  else if (exchange.type !== 'string') problems.add(`${where}"exchange" must be text`, exchange);
  const routingKey = field('routingKey');
  if (routingKey !== undefined && routingKey.type !== 'string') problems.add(`${where}"routingKey" must be text`, routingKey);
  const properties: Record<string, string | number | boolean> = {};
  const propertiesNode = field('properties');
  if (propertiesNode !== undefined) {
    if (propertiesNode.type !== 'object') problems.add(`${where}"properties" must be an object`, propertiesNode);
    for (const property of propertiesNode.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      const name = String(keyNode.value);
      const value = getNodeValue(valueNode) as unknown;
      const problem = propertyProblem(name, value);
      if (problem !== undefined) problems.add(`${where}${problem}`, problem.startsWith('unknown') ? keyNode : valueNode);
      else properties[name] = value as string | number | boolean;
    }
  }
  const headersNode = field('headers');
  const headers = headersNode === undefined ? [] : headersOf(headersNode, where, problems);
  const body = field('body');
  const bodyBase64 = field('bodyBase64');
  let bytes: Uint8Array | string = '';
  if (body !== undefined && bodyBase64 !== undefined) problems.add(`${where}give "body" or "bodyBase64", not both`, bodyBase64);
  else if (bodyBase64 !== undefined) {
    if (bodyBase64.type !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(String(bodyBase64.value))) problems.add(`${where}"bodyBase64" must be base64 text`, bodyBase64);
    else bytes = Buffer.from(String(bodyBase64.value), 'base64');
  } else if (body === undefined) problems.add(`${where}"body" is missing`, node);
  else {
    const value = getNodeValue(body) as unknown;
    bytes = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (problems.problems.length > before) return undefined;
  return {
    exchange: String(exchange?.value ?? ''),
    message: { key: String(routingKey?.value ?? ''), ...(headers.length > 0 ? { headers } : {}), ...(Object.keys(properties).length > 0 ? { properties } : {}), body: bytes },
  };
}

/** Reads a publish document; every problem comes with its line and column, for the editor's diagnostics. Never throws. */
export function parsePublishDocument(text: string): PublishDocumentResult {
  const problems = new Collector(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  for (const error of errors) problems.add(`JSON: ${printParseErrorCode(error.error)}`, error);
  if (errors.length > 0 || root === undefined) {
    if (root === undefined && errors.length === 0) problems.add('the document is empty: write a message object', undefined);
    return { ok: false, problems: problems.problems };
  }
  const nodes = root.type === 'array' ? (root.children ?? []) : [root];
  if (nodes.length === 0) problems.add('the list holds no message', root);
  const messages: PublishDocumentMessage[] = [];
  nodes.forEach((node, index) => {
    const message = readMessage(node, root.type === 'array' ? `message ${index + 1}: ` : '', problems);
    if (message) messages.push(message);
  });
  return problems.problems.length > 0 ? { ok: false, problems: problems.problems } : { ok: true, messages };
}
