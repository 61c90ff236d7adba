import * as fs from 'node:fs';
import { once } from 'node:events';
import { csvRow } from '../../core/csv';
import type { FlowEvent } from '../../core/envelope';
import type { BrowseParameters } from '../../protocol/messageBrowser';
import { filterOf, startOf, type BrowseSource } from './browseSession';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (written: number) => void;
  /** Stop after this many messages (default 10,000,000). */
  maxMessages?: number;
  /** Messages fetched at a time: what the export holds in memory at most. */
  fetchLimit?: number;
}

/** How the broker's kind writes one message to a file: a JSON record a line, or a row of CSV cells. */
export interface ExportRecords {
  /** The CSV header, in the order `cells` gives them. */
  columns: readonly string[];
  /** A plain JSON object (position, time, key, headers, value). */
  record(event: FlowEvent): object;
  cells(event: FlowEvent): string[];
}

/**
 * Runs the browse again from its start and writes each fetched page to `file` before fetching the next,
 * so an export of a million messages never holds more than one page. NDJSON: one record a line (position,
 * record time, key, headers, value; bytes that are not JSON as text or base64). CSV: the same columns.
 * A live tail exports what its start would read now (the latest messages), not forever.
 */
export async function exportBrowse(source: BrowseSource, records: ExportRecords, topic: string, parameters: BrowseParameters, file: string, format: ExportFormat, options: ExportOptions = {}): Promise<number> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  const max = options.maxMessages ?? 10_000_000;
  const filter = filterOf(parameters);
  let start = startOf(parameters.mode === 'tail' ? { ...parameters, mode: 'latest' } : parameters);
  let written = 0;
  let complete = false;
  try {
    if (format === 'csv') await write(csvRow(records.columns));
    while (written < max && !options.signal?.aborted) {
      const page = await source.browseWith(
        { source: topic, ...(parameters.partition === undefined ? {} : { partitions: [parameters.partition] }), start, limit: Math.min(options.fetchLimit ?? 10_000, max - written), ...(options.signal ? { signal: options.signal } : {}) },
        filter ? { filter } : {},
      );
      let chunk = '';
      for (const event of page.events) chunk += format === 'ndjson' ? `${JSON.stringify(records.record(event))}\n` : csvRow(records.cells(event));
      await write(chunk);
      written += page.events.length;
      options.onProgress?.(written);
      if (page.reachedEnd || page.cursors.length === 0) break;
      start = { from: 'cursors', cursors: page.cursors };
    }
    complete = true;
  } finally {
    out.end();
    const closed = Promise.race([once(out, 'finish'), failed]);
    // A write that failed on the way (disk full, a file removed) fails the export here; after an error in the
    // loop, that error is the one the caller sees.
    if (complete) await closed;
    else await closed.catch(() => undefined);
  }
  return written;
}
