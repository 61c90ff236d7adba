import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { JsonValue } from '../../../core/json';
import type { ProduceMessageSpec, ProduceProblem } from '../produceDocument';
import type { ProduceSchema } from './produceValue';
import { describePath, type SchemaProblem, type ValuePath } from './valueSchema';

/**
 * A produce document message's value checked against its schema: each problem at the text its path
 * names (a value, or the property name of an object or array that is wrong inside; a missing property
 * at the object's opening brace), as 1-based lines and columns of the document. A value that is not
 * JSON is left to the document's own JSON check.
 */
export function schemaProblemsOf(spec: ProduceMessageSpec, produce: ProduceSchema): ProduceProblem[] {
  let value: JsonValue;
  try {
    value = JSON.parse(spec.value) as JsonValue;
  } catch {
    return [];
  }
  return produce.schema.check(value).map((problem) => placed(spec, problem, produce));
}

function placed(spec: ProduceMessageSpec, problem: SchemaProblem, produce: ProduceSchema): ProduceProblem {
  const { start, end } = spanOf(spec.value, problem.path);
  const from = position(spec.value, start);
  const to = position(spec.value, end);
  const line = spec.valueStartLine + from.line;
  const endColumn = to.line === from.line ? to.column + 1 : from.column + 2;
  return { line, column: from.column + 1, endColumn, message: `${describePath(problem.path)}: ${problem.message} (${produce.schema.name}, ${produce.from})`, severity: 'error' };
}

/** Offsets into the value text of what the path names, or of the nearest enclosing part that is there. */
export function spanOf(text: string, path: ValuePath): { start: number; end: number } {
  const tree = parseTree(text);
  if (!tree) return { start: 0, end: Math.min(1, text.length) };
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, [...path.slice(0, length)]);
    if (node) return spanOfNode(node);
  }
  return { start: tree.offset, end: tree.offset + 1 };
}

function spanOfNode(node: Node): { start: number; end: number } {
  if (node.type !== 'object' && node.type !== 'array') return { start: node.offset, end: node.offset + node.length };
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? { start: key.offset, end: key.offset + key.length } : { start: node.offset, end: node.offset + 1 };
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}
