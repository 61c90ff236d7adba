import type { EventHeader } from '../../core/envelope';
import { locateJsonSyntaxError } from '../../core/jsonSyntax';

/**
 * The produce document: a text file holding one or many Kafka messages, each a block of `name: value`
 * lines and then the value, blocks separated by a line starting with `###`:
 *
 *     ### an order was created
 *     topic: orders
 *     key: Order-1001
 *     partition: 0                (optional; the key decides otherwise)
 *     header: event-type: OrderCreated   (repeatable, kept in order)
 *     format: json                (optional: json when the value starts with { or [, text otherwise)
 *     schema: registry            (optional: the value written with the latest schema of `<topic>-value` in
 *                                  the cluster's registry and sent in its wire format; `workspace`: with the
 *                                  schema file `eventFlows.kafka.schemas` maps to the topic; `none`: as is)
 *
 *     { "orderId": "Order-1001" }
 *
 * Lines starting with `//` before the value are comments. Positions are 1-based lines and columns.
 */
export interface ProduceMessageSpec {
  topic: string;
  key?: string;
  partition?: number;
  headers: EventHeader[];
  value: string;
  format: 'json' | 'text';
  /** The schema the value is written with and checked against (a JSON value then). */
  schema?: ProduceSchemaSource;
  /** The value's first line (1-based): where its problems are placed from. */
  valueStartLine: number;
  /** The block's first and last line (1-based), for a CodeLens and for errors. */
  startLine: number;
  endLine: number;
}

/** Where a message's schema comes from: the cluster's registry (`<topic>-value`, latest) or the workspace's mapped file. */
export type ProduceSchemaSource = 'registry' | 'workspace';

export interface ProduceProblem {
  line: number;
  column: number;
  /** Where the problem ends on its line (exclusive column), for an underline. */
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ProduceDocument {
  messages: ProduceMessageSpec[];
  problems: ProduceProblem[];
}

const FIELD = /^([A-Za-z][\w-]*)\s*:\s?(.*)$/;
const KNOWN = new Set(['topic', 'key', 'partition', 'header', 'format', 'schema']);

export function parseProduceDocument(text: string): ProduceDocument {
  const lines = text.split(/\r?\n/);
  const messages: ProduceMessageSpec[] = [];
  const problems: ProduceProblem[] = [];
  let blockStart = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || (lines[i].startsWith('###') && i > blockStart)) {
      parseBlock(lines, blockStart, i, messages, problems);
      blockStart = i;
    }
  }
  return { messages, problems };
}

function parseBlock(lines: string[], from: number, to: number, messages: ProduceMessageSpec[], problems: ProduceProblem[]): void {
  let i = from;
  if (i < to && lines[i].startsWith('###')) i++;
  const problem = (index: number, message: string, column = 1, endColumn = lines[index].length + 1, severity: ProduceProblem['severity'] = 'error') =>
    problems.push({ line: index + 1, column, endColumn: Math.max(endColumn, column + 1), message, severity });
  const spec: Partial<ProduceMessageSpec> & { headers: EventHeader[] } = { headers: [] };
  let schemaLine = -1;
  // Fields, comments and blank lines until the first line that is none of those: the value starts there.
  for (; i < to; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    const field = FIELD.exec(line);
    if (!field || !KNOWN.has(field[1].toLowerCase())) break;
    const name = field[1].toLowerCase();
    const value = field[2].trim();
    const valueColumn = line.length - field[2].length + 1;
    if (name === 'topic') {
      if (!/^[a-zA-Z0-9._-]{1,249}$/.test(value)) problem(i, `"${value}" is not a topic name: 1 to 249 letters, digits, ".", "_" or "-".`, valueColumn);
      spec.topic = value;
    } else if (name === 'key') {
      spec.key = field[2];
    } else if (name === 'partition') {
      if (!/^\d{1,9}$/.test(value)) problem(i, `The partition must be a whole number of 0 or more (got "${value}").`, valueColumn);
      else spec.partition = Number(value);
    } else if (name === 'header') {
      const header = /^([^:=]+?)\s*[:=]\s?(.*)$/.exec(field[2]);
      if (!header) problem(i, 'A header is written "header: name: value".', valueColumn);
      else spec.headers.push({ key: header[1].trim(), value: header[2] });
    } else if (name === 'schema') {
      if (value === 'registry' || value === 'workspace') spec.schema = value;
      else if (value !== 'none') problem(i, `The schema is registry, workspace or none (got "${value}").`, valueColumn);
      schemaLine = i;
    } else if (value !== 'json' && value !== 'text') {
      problem(i, `The format is json or text (got "${value}").`, valueColumn);
    } else {
      spec.format = value;
    }
  }
  let last = to - 1;
  while (last >= i && lines[last].trim() === '') last--;
  const valueLines = lines.slice(i, last + 1);
  const blockIsEmpty = spec.topic === undefined && valueLines.length === 0 && spec.headers.length === 0 && spec.key === undefined;
  if (blockIsEmpty) return;
  const headerLine = lines[from]?.startsWith('###') ? from : Math.max(from, i - 1);
  if (spec.topic === undefined) {
    problem(headerLine, 'This message has no "topic: <name>" line.');
    return;
  }
  const value = valueLines.join('\n');
  const format = spec.format ?? (spec.schema || /^\s*[[{]/.test(value) ? 'json' : 'text');
  if (spec.schema && format !== 'json') problem(schemaLine, 'A value written with a schema is JSON: remove "format: text" or the schema line.');
  if (format === 'json') {
    const error = value.trim() === '' ? { line: 1, column: 1, problem: 'a JSON value is expected here' } : locateJsonSyntaxError(value);
    if (error) {
      const index = Math.min(i + error.line - 1, lines.length - 1);
      problem(index, `Invalid JSON: ${error.problem}`, error.column, error.column + 1);
    }
  }
  messages.push({
    topic: spec.topic,
    ...(spec.key === undefined ? {} : { key: spec.key }),
    ...(spec.partition === undefined ? {} : { partition: spec.partition }),
    headers: spec.headers,
    value,
    format,
    ...(spec.schema === undefined ? {} : { schema: spec.schema }),
    valueStartLine: i + 1,
    startLine: from + 1,
    endLine: Math.max(from + 1, last + 1),
  });
}
