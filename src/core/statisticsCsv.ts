/**
 * Statistics as one CSV table a spreadsheet opens: one row per figure, in sections (`sample`, `note`, `type`,
 * `variant`, `day`, `aggregate`, `producer`). Event types, field paths and ids come from someone else's data, so every
 * cell goes through `csvField` (a cell that would start a formula is neutralised).
 */
import { csvRow } from './csv';
import type { EventStatistics } from './eventStatistics';
import type { ProducerStatistics } from './producers';

export interface StatisticsSampleText {
  note: string;
}

const HEADER = ['section', 'event type', 'name', 'events', 'first at', 'last at', 'first version', 'last version', 'example aggregate', 'example version', 'example event id', 'detail'];

function text(value: number | string | undefined): string {
  return value === undefined ? '' : String(value);
}

export function statisticsCsv(statistics: EventStatistics & { sample?: StatisticsSampleText; notes?: readonly string[]; producers?: ProducerStatistics }): string {
  let out = csvRow(HEADER);
  if (statistics.sample !== undefined) out += csvRow(['sample', '', '', String(statistics.events), text(statistics.firstAt), text(statistics.lastAt), '', '', '', '', '', statistics.sample.note]);
  for (const note of statistics.notes ?? []) out += csvRow(['note', '', '', '', '', '', '', '', '', '', '', note]);
  for (const type of statistics.types) {
    out += csvRow(['type', type.type, '', String(type.events), type.firstAt, type.lastAt, '', '', '', '', '', type.eventsInUnlistedVariants > 0 ? `${type.eventsInUnlistedVariants} events in variants not listed` : '']);
    type.variants.forEach((variant, index) => {
      const detail = variant.missing !== undefined ? `missing: ${variant.missing.join('; ')}${variant.added?.length ? ` | added: ${variant.added.join('; ')}` : ''}` : variant.fields.join('; ');
      out += csvRow([
        'variant',
        type.type,
        `variant ${index + 1}${variant.cut ? ` (cut: ${variant.cut.join(', ')})` : ''}`,
        String(variant.events),
        variant.firstAt,
        variant.lastAt,
        text(variant.firstVersion),
        text(variant.lastVersion),
        text(variant.example.aggregateId),
        text(variant.example.version),
        text(variant.example.eventId),
        detail,
      ]);
    });
  }
  if (statistics.otherTypes.events > 0) {
    out += csvRow(['type', '', 'other', String(statistics.otherTypes.events), '', '', '', '', '', '', '', `${statistics.otherTypes.types}${statistics.otherTypes.typesAtLeast ? ' or more' : ''} more types`]);
  }
  for (const day of statistics.days) out += csvRow(['day', '', day.day, String(day.events), '', '', '', '', '', '', '', '']);
  for (const aggregate of statistics.largestAggregates) out += csvRow(['aggregate', '', aggregate.aggregateId, String(aggregate.events), '', '', '', '', '', '', '', '']);
  for (const producer of statistics.producers?.producers ?? []) out += csvRow(['producer', '', producer.producer, String(producer.events), '', '', '', '', '', '', '', producer.host === undefined ? '' : `host ${producer.host}`]);
  return out;
}
