/**
 * Statistics as one CSV table a spreadsheet opens: one row per figure, in sections (`sample`, `note`, `type`,
 * `variant`, `day`, `aggregate`, `producer`). Event types, field paths and ids come from someone else's data, so every
 * cell goes through `csvField` (a cell that would start a formula is neutralised). A variant's example of a
 * topic or queue carries where its message is (topic, partition and offset; stream and offset; or queue and
 * its place from the head, as peeked), so a row leads back to its message.
 */
import { csvRow } from './csv';
import type { EventReference, EventStatistics } from './eventStatistics';
import { isPeekedPlace } from './messagePlace';
import type { ProducerStatistics } from './producers';

export interface StatisticsSampleText {
  note: string;
}

const HEADER = ['section', 'event type', 'name', 'events', 'first at', 'last at', 'first version', 'last version', 'example aggregate', 'example version', 'example event id', 'example source', 'example partition', 'example offset', 'example queue position', 'detail'];

/** The cells between the figures and `detail` that a row other than a variant leaves empty. */
const NO_EXAMPLE = ['', '', '', '', '', '', ''];

function text(value: number | string | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Topic or queue, partition, offset and place from the head (1 is the head, as the view counts) of an example's message. */
function placeCells(example: EventReference, source: string | undefined): string[] {
  const place = example.place;
  if (place === undefined) return ['', '', '', ''];
  if (isPeekedPlace(place)) return [text(source), '', '', String(place.peeked + 1)];
  return [text(source), text(place.partition), place.offset, ''];
}

/** `source`: the topic or queue the statistics are of, which every example's place is in. */
export function statisticsCsv(statistics: EventStatistics & { source?: string; sample?: StatisticsSampleText; notes?: readonly string[]; producers?: ProducerStatistics }): string {
  let out = csvRow(HEADER);
  if (statistics.sample !== undefined) out += csvRow(['sample', '', '', String(statistics.events), text(statistics.firstAt), text(statistics.lastAt), '', '', ...NO_EXAMPLE, statistics.sample.note]);
  for (const note of statistics.notes ?? []) out += csvRow(['note', '', '', '', '', '', '', '', ...NO_EXAMPLE, note]);
  for (const type of statistics.types) {
    out += csvRow(['type', type.type, '', String(type.events), type.firstAt, type.lastAt, '', '', ...NO_EXAMPLE, type.eventsInUnlistedVariants > 0 ? `${type.eventsInUnlistedVariants} events in variants not listed` : '']);
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
        ...placeCells(variant.example, statistics.source),
        detail,
      ]);
    });
  }
  if (statistics.otherTypes.events > 0) {
    out += csvRow(['type', '', 'other', String(statistics.otherTypes.events), '', '', '', '', ...NO_EXAMPLE, `${statistics.otherTypes.types}${statistics.otherTypes.typesAtLeast ? ' or more' : ''} more types`]);
  }
  for (const day of statistics.days) out += csvRow(['day', '', day.day, String(day.events), '', '', '', '', ...NO_EXAMPLE, '']);
  for (const aggregate of statistics.largestAggregates) out += csvRow(['aggregate', '', aggregate.aggregateId, String(aggregate.events), '', '', '', '', ...NO_EXAMPLE, '']);
  for (const producer of statistics.producers?.producers ?? []) out += csvRow(['producer', '', producer.producer, String(producer.events), '', '', '', '', ...NO_EXAMPLE, producer.host === undefined ? '' : `host ${producer.host}`]);
  return out;
}
