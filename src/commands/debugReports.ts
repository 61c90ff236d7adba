/**
 * What-if, upcaster preview and snapshot drift as Markdown reports: plain text the user can read beside
 * the timeline, save, or paste into a review. Free of the vscode API, so tests read exactly what is shown.
 */
import { markdownCode } from '../core/dataText';
import { valueChanges } from '../core/diff';
import { plural } from '../core/plural';
import type { JsonValue } from '../core/json';
import type { SnapshotCheck } from '../sandbox/snapshotDrift';
import type { UpcastPreview } from '../sandbox/upcastPreview';
import type { WhatIfResult } from '../sandbox/whatIf';

const MAX_ROWS = 50;
const MAX_CELL = 160;

export function whatIfReport(aggregateId: string, left: string, right: string, result: WhatIfResult): string {
  const lines = [`# What if: ${markdownCode(aggregateId)}`, '', `Left: ${markdownCode(left)} · Right: ${markdownCode(right)} · ${plural(result.compared, 'event')} replayed through both.`, ''];
  if (result.firstDifference === undefined) {
    lines.push('The two give the same state after every event.');
    return lines.join('\n') + '\n';
  }
  const first = result.differences[0];
  const differ = result.differences.length === 1 && !result.truncated ? 'differs' : 'differ';
  lines.push(`**First difference after event ${label(first)}**; ${plural(result.differences.length, 'event')}${result.truncated ? '+' : ''} ${differ} in all.`, '');
  for (const difference of result.differences.slice(0, MAX_ROWS)) {
    lines.push(`## After ${label(difference)}`, '', '| path | left | right |', '| --- | --- | --- |');
    for (const change of valueChanges(difference.left, difference.right, MAX_ROWS)) {
      lines.push(`| ${cell(change.path || '(the state)')} | ${change.kind === 'added' ? '—' : cell(show(change.before))} | ${change.kind === 'removed' ? '—' : cell(show(change.after))} |`);
    }
    lines.push('');
  }
  if (result.differences.length > MAX_ROWS) lines.push(`…and ${plural(result.differences.length - MAX_ROWS, 'more event')} whose states differ.`);
  return lines.join('\n') + '\n';
}

export function upcastReport(aggregateId: string, preview: UpcastPreview): string {
  const lines = [`# Upcasters over ${markdownCode(aggregateId)}`, '', '| event type | schema versions in the stream | latest reached |', '| --- | --- | --- |'];
  for (const [type, entry] of Object.entries(preview.types)) lines.push(`| ${cell(type)} | ${entry.seen.join(', ')} | ${entry.latest} |`);
  lines.push('', `## Not covered (${preview.uncovered.length})`, '');
  if (preview.uncovered.length === 0) lines.push('Every event reaches the latest schema version of its type.');
  for (const event of preview.uncovered.slice(0, MAX_ROWS)) lines.push(`- event ${event.index + 1} ${markdownCode(event.eventType)} stays at version ${event.schemaVersion} (its type reaches ${event.latest}): no upcaster takes it further`);
  const upcasted = preview.rows.filter((row) => row.fromVersion !== row.toVersion);
  lines.push('', `## Upcasted (${upcasted.length} of ${plural(preview.rows.length, 'event')})`, '');
  for (const row of upcasted.slice(0, MAX_ROWS)) {
    lines.push(`### Event ${row.index + 1} ${markdownCode(row.eventType)}: v${row.fromVersion} → v${row.toVersion}`, '', '| path | before | after |', '| --- | --- | --- |');
    for (const change of valueChanges(row.before as unknown as JsonValue, row.after as unknown as JsonValue, MAX_ROWS)) {
      lines.push(`| ${cell(change.path)} | ${change.kind === 'added' ? '—' : cell(show(change.before))} | ${change.kind === 'removed' ? '—' : cell(show(change.after))} |`);
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

export function driftReport(aggregateId: string, reducer: string, checks: readonly SnapshotCheck[]): string {
  const drifted = checks.filter((check) => !check.matches);
  const lines = [`# Snapshot drift: ${markdownCode(aggregateId)}`, '', `${plural(checks.length, 'stored snapshot')} re-folded from the events with ${markdownCode(reducer)}; ${drifted.length} ${drifted.length === 1 ? 'differs' : 'differ'}.`, ''];
  if (checks.length === 0) lines.push('This aggregate has no stored snapshots.');
  for (const check of checks) {
    if (check.matches) {
      lines.push(`- version ${check.version}: matches`);
      continue;
    }
    lines.push('', `## Version ${check.version}: ${check.problem === undefined ? 'differs' : markdownCode(check.problem)}`, '');
    if (check.replayed === undefined) continue;
    lines.push('| path | stored snapshot | the events give |', '| --- | --- | --- |');
    for (const change of valueChanges(check.stored, check.replayed, MAX_ROWS)) {
      lines.push(`| ${cell(change.path || '(the state)')} | ${change.kind === 'added' ? '—' : cell(show(change.before))} | ${change.kind === 'removed' ? '—' : cell(show(change.after))} |`);
    }
  }
  return lines.join('\n') + '\n';
}

function label(difference: { index: number; version?: number; eventType: string }): string {
  return `${difference.version !== undefined ? `v${difference.version}` : `#${difference.index + 1}`} ${markdownCode(difference.eventType)}`;
}

function show(value: JsonValue | undefined): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** A table cell: bounded, then a code span on one line with its pipes escaped, so no data renders or splits the row. */
function cell(text: string): string {
  return markdownCode(text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text, { inTable: true });
}
