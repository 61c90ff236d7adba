/**
 * Lines in the source chapter's layout carry no `aggregate_type`. Their aggregate is typed as the MongoDB
 * store types one: by its id's prefix, else by its first event (`OrderCreated` → `Order`), where "first"
 * means lowest version, not first in the file: a line with a lower version than the one the guess came
 * from guesses again.
 */
import { guessAggregateType } from '../../core/aggregateTypeNames';
import type { AggregateIndex, IndexedEvent, LinePosition } from './aggregateIndex';

export function addUntypedLine(index: AggregateIndex, event: Omit<IndexedEvent, 'aggregateType'> & { type: string }, position: Omit<LinePosition, 'version'>): string | undefined {
  const { aggregateId, version } = event;
  const known = index.typeOf(aggregateId);
  const guessedFrom = index.guessedFrom.get(aggregateId);
  let aggregateType = known;
  if (known === undefined || (guessedFrom !== undefined && version < guessedFrom)) {
    aggregateType = guessAggregateType(aggregateId, event.type);
    index.guessedFrom.set(aggregateId, version);
    if (known !== undefined) index.retype(aggregateId, aggregateType);
  }
  return index.add({ aggregateId, aggregateType: aggregateType ?? '', version, timestamp: event.timestamp }, position);
}
