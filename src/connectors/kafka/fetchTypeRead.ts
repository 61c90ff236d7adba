/**
 * The read behind a topic's per-type counts (`AppendedTopicTypes`): Fetch requests of our own over the
 * ranges, no consumer group, nothing committed. Each record's type is read as a browse reads it (the
 * connection's identity rules: headers, then the value) and nothing is kept. The read stops at the
 * budget's records, or after the record that takes it past the budget's bytes (keys and values).
 */
import type { IdentityRules } from '../../core/identity';
import type { TopicTypeRead } from './appendedTopicTypes';
import type { FetchConnection } from './fetchConnection';
import { readWithFetch, type Codecs } from './fetchRead';
import { newReadState } from './partitionReader';

export interface FetchTypeReadOptions {
  connection: () => Promise<FetchConnection>;
  codecs: () => Promise<Codecs>;
  identity?: IdentityRules;
  timeoutMs: number;
}

export function fetchTypeRead(options: FetchTypeReadOptions): TopicTypeRead {
  return async (topic, ranges, budget, count, signal) => {
    const connection = await options.connection();
    const codecs = await options.codecs();
    let bytes = 0;
    const state = newReadState(topic, ranges, {
      limit: 1,
      maxScan: Math.max(1, Math.floor(budget.records)),
      // Counted and let go: no event is kept, so the read holds no more than one fetch's bytes.
      predicate: (event) => {
        count(event.type);
        return false;
      },
      decode: options.identity === undefined ? {} : { identity: options.identity },
    });
    const check = (record: { keyLength: number; valueLength: number }): 'decode' => {
      bytes += Math.max(0, record.keyLength) + Math.max(0, record.valueLength);
      // This record is the last one read: the scan bound ends the read after it.
      if (bytes >= budget.bytes) state.maxScan = Math.min(state.maxScan, state.scanned + 1);
      return 'decode';
    };
    await readWithFetch(connection, state, { check, codecs, deadline: Date.now() + options.timeoutMs, ...(signal ? { signal } : {}) });
    return { next: state.next, records: state.scanned, bytes };
  };
}
