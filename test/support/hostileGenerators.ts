/**
 * Every generator that writes event data into a program or a document, each with one hostile case: the
 * generated thing must keep its shape (the program is the same program, the document the same fields) and
 * nothing from the data may run. A runner throws an AssertionError when the shape changed and reports
 * whether the tripwire fired, so the unit tests can shrink a counterexample and the reliability suite can
 * count "N cases, 0 executed".
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { whatIfReport } from '../../src/commands/debugReports';
import { LINE_BREAK, visibleControls } from '../../src/core/dataText';
import type { FlowEvent } from '../../src/core/envelope';
import { parseProduceDocument } from '../../src/connectors/kafka/produceDocument';
import { produceDocumentFor, textValueProblem } from '../../src/connectors/kafka/reproduceDocument';
import { aggregateTooltip } from '../../src/explorer/eventStore/aggregateTooltip';
import { replayProgram, writeDebugReplay } from '../../src/sandbox/debugScript';
import { assertCodeSpanShows } from './markdownCheck';

/** A reducer that records what it saw; every aggregate type resolves to it, whatever its name. */
export const RECORDING_REDUCER_JS = `'use strict';
const reducer = { initial: () => ({ seen: [] }), apply: (state, event) => ({ seen: [...state.seen, [event.aggregateId, event.type]] }) };
module.exports = new Proxy({}, { get: (_target, name) => (name === 'default' ? undefined : reducer) });
`;

function hostileEvent(text: string, index: number): FlowEvent {
  return {
    id: `e${index}`,
    type: index === 0 ? 'Created' : text,
    timestamp: '2026-12-06T09:00:00.000Z',
    aggregateId: text,
    version: index + 1,
    data: { note: text },
    metadata: { correlationId: text },
    source: { system: 'local', file: 'events.ndjson', line: index + 1 },
  };
}

/** Debug Reducer's program, run with Node: the same text as for any stream, the states it folds, nothing else. */
export async function debugReplayCase(text: string, reducerFile: string): Promise<void> {
  const events = [hostileEvent(text, 0), hostileEvent(text, 1)];
  const debug = await writeDebugReplay({ reducerFile, aggregateType: text, events, stopAt: 1 });
  try {
    const program = fs.readFileSync(debug.program, 'utf8');
    assert.equal(program, replayProgram(path.join(debug.folder, 'replay-data.json')), 'the program text does not depend on the data');
    new vm.Script(program, { filename: debug.program });
    const run = spawnSync(process.execPath, [debug.program], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { seen: events.map((event) => [event.aggregateId, event.type]) });
  } finally {
    await debug.remove();
  }
}

/** The re-produce document parses back to exactly one message with the same fields, or is refused with a reason. */
export function reproduceCase(text: string, asText: boolean): void {
  const event: FlowEvent = {
    id: 'e1',
    type: 'OrderCreated',
    timestamp: '2026-12-06T09:00:00.000Z',
    data: asText ? text : { note: text },
    metadata: { headers: [{ key: text, value: 'v' }, { key: 'note', value: text }] },
    source: { system: 'kafka', topic: 'orders', partition: 0, offset: '7', key: text },
    ...(asText ? { payload: { kind: 'text' as const, size: Buffer.byteLength(text), preview: text, truncated: false } } : {}),
  };
  let document: string;
  try {
    document = produceDocumentFor(event, 'orders-copy');
  } catch (error) {
    assert.ok(asText && textValueProblem(text) !== undefined, `refused a value it can carry: ${String(error)}`);
    assert.match(String(error), /cannot be written into a produce document/);
    return;
  }
  const parsed = parseProduceDocument(document);
  assert.deepEqual(parsed.problems, [], document);
  assert.equal(parsed.messages.length, 1, document);
  const [message] = parsed.messages;
  assert.equal(message.topic, 'orders-copy');
  if (LINE_BREAK.test(text)) {
    assert.equal(message.key, undefined);
    assert.match(document, /^\/\/ The key is left out/m);
  } else {
    assert.equal(message.key, text);
  }
  const expectedHeaders = event.metadata.headers!.filter((h) => h.key !== '' && h.key === h.key.trim() && !/[:=]/.test(h.key) && !LINE_BREAK.test(h.key) && !LINE_BREAK.test(h.value));
  assert.deepEqual(message.headers, expectedHeaders);
  if (asText) {
    const lines = text.split(/\r?\n/);
    while (lines.length > 0 && lines[0].trim() === '') lines.shift();
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    assert.equal(message.value, lines.join('\n'));
    assert.equal(message.format, 'text');
  } else {
    assert.deepEqual(JSON.parse(message.value), { note: text });
  }
}

/** The what-if report and the aggregate's tooltip: the data shows as the text it is, nothing renders or links. */
export function markdownCase(text: string): void {
  const difference = { index: 0, eventId: 'e1', eventType: text, version: 2, left: { note: text }, right: { note: 'x' }, paths: ['note'] };
  const hostile = whatIfReport(text, text, 'right.js', { compared: 2, firstDifference: 0, differences: [difference], truncated: false }).split('\n');
  const benign = whatIfReport('Order-1', 'left.js', 'right.js', { compared: 2, firstDifference: 0, differences: [{ ...difference, eventType: 'Paid', left: { note: 'a' } }], truncated: false }).split('\n');
  assert.equal(hostile.length, benign.length, 'the report has the same lines');
  const heading = /^# What if: (.*)$/.exec(hostile[0]);
  assert.ok(heading, hostile[0]);
  assertCodeSpanShows(heading[1], visibleControls(text));
  const row = hostile.find((line) => line.startsWith('| ') && !line.startsWith('| path') && !line.startsWith('| ---'));
  assert.ok(row, 'the table row is there');
  // The row's cells: path, left, right, each a code span with its pipes escaped.
  const cells = row.slice(2, -2).split(' | ');
  assert.equal(cells.length, 3, row);
  const shown = JSON.stringify(text);
  assertCodeSpanShows(cells[1], visibleControls(shown.length > 160 ? `${shown.slice(0, 159)}…` : shown), { inTable: true });
  const tooltip = aggregateTooltip({ id: text, type: text, version: 3 }, '2026-12-06 09:00');
  assert.equal(typeof tooltip, 'string');
  assert.deepEqual(tooltip.split('\n'), [`${visibleControls(text)} (${visibleControls(text)})`, 'Version 3, last event 2026-12-06 09:00 UTC']);
}
