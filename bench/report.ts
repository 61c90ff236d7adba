/** Prints results as a table and writes them as JSON (bench/results.json, git-ignored). */
import * as fs from 'node:fs';
import type { BenchResult, Figure } from './benchmark';
import type { MachineInfo } from './machine';

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  results: BenchResult[];
}

function formatFigure(value: Figure | undefined): string {
  if (value === undefined) return '—';
  const digits = value.median >= 100 ? 0 : value.median >= 10 ? 1 : 2;
  return `${value.median.toFixed(digits)} ${value.unit}`;
}

function formatExtra(extra: BenchResult['extra']): string {
  if (extra === undefined) return '';
  return Object.entries(extra)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'size', 'ours', 'baseline', 'speed-up', 'target', 'status'];
  const rows = results.map((result) => [
    result.name,
    result.size,
    formatFigure(result.ours),
    result.baseline ? `${formatFigure(result.baseline)} (${result.baseline.label})` : '—',
    result.speedup === undefined ? '—' : `${result.speedup}×`,
    result.target,
    result.status.toUpperCase(),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join(' │ ');
  const out = [line(header), widths.map((width) => '─'.repeat(width)).join('─┼─'), ...rows.map(line)];
  const notes = results.filter((result) => result.note !== undefined || result.extra !== undefined);
  if (notes.length > 0) {
    out.push('', 'notes:');
    for (const result of notes) {
      const parts = [result.note, formatExtra(result.extra)].filter((part) => part !== undefined && part !== '');
      out.push(`  ${result.name}: ${parts.join(' | ')}`);
    }
  }
  return out.join('\n');
}

/** Rows of other benchmarks from an earlier run are kept, so `npm run bench -- <name>` updates one row. */
export function writeReport(file: string, report: BenchReport): void {
  let earlier: BenchResult[] = [];
  try {
    earlier = (JSON.parse(fs.readFileSync(file, 'utf8')) as BenchReport).results ?? [];
  } catch {
    // No earlier results, or unreadable ones: start afresh.
  }
  const fresh = new Set(report.results.map((result) => result.name));
  const merged = [...earlier.filter((result) => !fresh.has(result.name)), ...report.results];
  fs.writeFileSync(file, `${JSON.stringify({ ...report, results: merged }, null, 2)}\n`);
}
