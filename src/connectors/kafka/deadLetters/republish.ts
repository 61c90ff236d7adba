import type { Message } from 'kafkajs';
import type { FetchConnection } from '../fetchConnection';
import type { ThrowAwayGroups } from '../kafkaBrowse';
import type { KafkaContext } from '../kafkaClient';
import { classifyKafkaError } from '../kafkaErrors';
import type { KafkaPublisher } from '../kafkaProducer';
import { secretsOf } from '../options';
import type { RawRecord } from '../records';
import { REPUBLISH_COUNT_HEADER } from './dltHeaders';
import { readRecords } from './letterReader';
import { listedToSend, positionKey, type LetterPosition, type RepublishItem, type RepublishPlan } from './republishPlan';

export interface RepublishRequest {
  /** The confirmed dry run: exactly its listed positions are sent, to the targets it names, never more. */
  plan: RepublishPlan;
  /** Positions a previous run of this plan sent (its report's `sent`): not sent again. */
  alreadySent?: readonly string[];
  /** Positions a previous run had in flight when it failed (its report's `unconfirmed`): sending them again may duplicate. */
  unconfirmed?: readonly string[];
  /** Messages per produce request (default 1000). */
  batchSize?: number;
  /** Messages read into memory at once before they are sent (default 2,000; the next chunk is read while one is sent). */
  chunkSize?: number;
  signal?: AbortSignal;
  /** After each confirmed batch: the messages sent so far (this run) and how many this run has to send. */
  onProgress?: (sent: number, of: number) => void;
}

export interface RepublishReport {
  dlt: string;
  /** Listed to send by the dry run (after what a previous run sent). */
  listed: number;
  /** Confirmed sent, this run and the runs before it: what a continued run skips. */
  sent: string[];
  sentNow: number;
  /** Held back by the dry run (counter limit, no origin, no origin topic), with the reason. */
  heldBack: { position: LetterPosition; reason: string }[];
  /** Listed and no longer in the topic (removed by retention or compaction since the dry run). */
  notFound: LetterPosition[];
  /** In a produce request that failed: perhaps written. A continued run sends them again and counts them below. */
  unconfirmed: string[];
  /** Sent again after a failed run had them in flight: each may now be in the origin topic twice. */
  possiblyDuplicated: number;
  byTarget: Record<string, number>;
  interrupted?: string;
}

/** Batches acknowledged this long before a failed send are sent again when the run continues. */
const RECENT_ACK_MS = 1000;

function copyOf(record: RawRecord, item: RepublishItem): Message {
  return { key: record.key, value: record.value, partition: item.target?.partition ?? 0, headers: withRaisedCountHeader(record.headers) };
}

type HeaderValue = Buffer | string | (Buffer | string)[];

/**
 * The copy's headers as kafkajs takes them: the record's own, their bytes passed through untouched (no
 * decoding to text and back, which cost more than the rest of a copy), the counter raised from its last value
 * and set once where it first was, or added last: what `withRaisedCount` does to a decoded list.
 */
function withRaisedCountHeader(headers: RawRecord['headers']): Record<string, HeaderValue> {
  const entries = Object.entries(headers ?? {}).filter((entry): entry is [string, HeaderValue] => entry[1] !== undefined && !(Array.isArray(entry[1]) && entry[1].length === 0));
  const at = entries.findIndex(([key]) => key === REPUBLISH_COUNT_HEADER);
  const current = at < 0 ? undefined : entries[at][1];
  const last = Array.isArray(current) ? current[current.length - 1] : current;
  const text = last === undefined ? undefined : (typeof last === 'string' ? last : last.toString('utf8')).trim();
  const raised: [string, HeaderValue] = [REPUBLISH_COUNT_HEADER, String((text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : 0) + 1)];
  if (at < 0) entries.push(raised);
  else entries[at] = raised;
  // fromEntries defines each key as data: a header named `__proto__` stays a header.
  return Object.fromEntries(entries);
}

/**
 * Sends what a confirmed dry run listed back to each message's origin, in chunks: the listed positions of a
 * chunk are read (by Fetch requests of our own when given a `fetcher`, else a throw-away group; never committing), each copy keeps its key, headers (with the counter
 * raised) and value bytes and goes to the partition the plan named. A position counts as sent once the
 * broker acknowledged it (acks from all in-sync replicas). Nothing is deleted from the dead-letter topic. On
 * a failure the run stops and says what was sent and what was in flight (with what was acknowledged in the
 * second before it), so a continued run resends only those and the rest, and counts the first as possible duplicates.
 */
export async function republish(context: KafkaContext, groups: ThrowAwayGroups, publisher: KafkaPublisher, request: RepublishRequest, fetcher?: FetchConnection): Promise<RepublishReport> {
  const { plan } = request;
  const todo = listedToSend(plan, request.alreadySent);
  const unconfirmedBefore = new Set(request.unconfirmed ?? []);
  const report: RepublishReport = {
    dlt: plan.dlt,
    listed: todo.length,
    sent: [...(request.alreadySent ?? [])],
    sentNow: 0,
    heldBack: plan.items.filter((i) => i.hold !== undefined).map((i) => ({ position: { partition: i.partition, offset: i.offset }, reason: i.hold ?? '' })),
    notFound: [],
    unconfirmed: [],
    possiblyDuplicated: 0,
    byTarget: {},
  };
  const batchSize = Math.max(1, request.batchSize ?? 1000);
  const recentlyAcked: { at: number; keys: string[] }[] = [];
  const chunkSize = Math.max(1, request.chunkSize ?? 2_000);
  const chunks: RepublishItem[][] = [];
  for (let from = 0; from < todo.length; from += chunkSize) chunks.push(todo.slice(from, from + chunkSize));
  const read = (chunk: readonly RepublishItem[]) => readChunk(context, groups, plan.dlt, chunk, request.signal, fetcher);
  let reading = chunks.length > 0 ? read(chunks[0]) : undefined;
  for (const [index, chunk] of chunks.entries()) {
    const found = await (reading as Promise<Map<string, RawRecord> | { error: unknown }>);
    // The next chunk is read while this one is sent: the broker's two halves of the work overlap (two chunks in memory at most).
    reading = index + 1 < chunks.length ? read(chunks[index + 1]) : undefined;
    if (!(found instanceof Map)) return stopped(report, unconfirmedBefore, [], classifyKafkaError(found.error, context.label, secretsOf(context.options)).message);
    // Per target topic, in the plan's order, so each origin partition gets the copies in their dead-letter order.
    const byTopic = new Map<string, { item: RepublishItem; message: Message }[]>();
    for (const item of chunk) {
      const record = found.get(positionKey(item));
      if (!record || !item.target) {
        report.notFound.push({ partition: item.partition, offset: item.offset });
        continue;
      }
      const list = byTopic.get(item.target.topic) ?? [];
      list.push({ item, message: copyOf(record, item) });
      byTopic.set(item.target.topic, list);
    }
    found.clear();
    for (const [topic, copies] of byTopic) {
      for (let at = 0; at < copies.length; at += batchSize) {
        const batch = copies.slice(at, at + batchSize);
        const started = Date.now();
        try {
          await publisher.sendRecords(topic, batch.map((c) => c.message), request.signal);
        } catch (error) {
          // Acknowledged just before the cluster failed is not proof enough: a crash of every replica can take
          // the last acknowledged writes with it (seen on the rig's cluster). Those go back among the unconfirmed.
          const recent = recentlyAcked.filter((b) => b.at >= started - RECENT_ACK_MS).flatMap((b) => b.keys);
          const doubtful = new Set(recent);
          report.sent = report.sent.filter((key) => !doubtful.has(key));
          report.sentNow -= recent.length;
          return stopped(report, unconfirmedBefore, [...recent, ...batch.map((c) => positionKey(c.item))], classifyKafkaError(error, context.label, secretsOf(context.options)).message);
        }
        recentlyAcked.push({ at: Date.now(), keys: batch.map((c) => positionKey(c.item)) });
        while (recentlyAcked.length > 0 && recentlyAcked[0].at < Date.now() - RECENT_ACK_MS) recentlyAcked.shift();
        for (const { item } of batch) {
          const key = positionKey(item);
          report.sent.push(key);
          report.sentNow += 1;
          if (unconfirmedBefore.has(key)) report.possiblyDuplicated += 1;
          const label = `${topic} [${item.target?.partition ?? 0}]`;
          report.byTarget[label] = (report.byTarget[label] ?? 0) + 1;
        }
        request.onProgress?.(report.sentNow, todo.length);
      }
    }
  }
  return report;
}

/** The listed letters of one chunk, by position; never rejects (a failure is returned, and said when the run reaches the chunk). */
async function readChunk(context: KafkaContext, groups: ThrowAwayGroups, dlt: string, chunk: readonly RepublishItem[], signal: AbortSignal | undefined, fetcher: FetchConnection | undefined): Promise<Map<string, RawRecord> | { error: unknown }> {
  const wanted = new Set(chunk.map(positionKey));
  const found = new Map<string, RawRecord>();
  const ranges = new Map<number, { start: bigint; end: bigint }>();
  for (const item of chunk) {
    const offset = BigInt(item.offset);
    const range = ranges.get(item.partition);
    if (!range) ranges.set(item.partition, { start: offset, end: offset + 1n });
    else {
      if (offset < range.start) range.start = offset;
      if (offset + 1n > range.end) range.end = offset + 1n;
    }
  }
  try {
    await readRecords(context, groups, dlt, [...ranges].map(([partition, r]) => ({ partition, ...r })), (partition, record) => {
      const key = `${partition}:${record.offset}`;
      if (wanted.has(key)) found.set(key, record);
    }, { ...(signal ? { signal } : {}), ...(fetcher ? { fetcher } : {}) });
    return found;
  } catch (error) {
    return { error };
  }
}

/** A run that stopped: what may have been written and is not confirmed, this run's and the earlier runs' not yet sent again. */
function stopped(report: RepublishReport, before: ReadonlySet<string>, doubtful: readonly string[], reason: string): RepublishReport {
  const sent = new Set(report.sent);
  report.unconfirmed = [...new Set([...[...before].filter((key) => !sent.has(key)), ...doubtful])];
  report.interrupted = reason;
  return report;
}

/** What a re-publish did, in one line and the details it leaves out. */
export function summariseRepublish(report: RepublishReport): { text: string; details: string[] } {
  const parts = [`Re-published ${report.sentNow} of ${report.listed} from ${report.dlt}`, `${report.heldBack.length} held back`, `${report.notFound.length + report.unconfirmed.length} failed`, `${report.possiblyDuplicated} possibly duplicated`];
  if (report.sent.length > report.sentNow) parts.push(`${report.sent.length - report.sentNow} sent by an earlier run, skipped`);
  if (report.interrupted) parts.push(`stopped: ${report.interrupted}`);
  const details: string[] = [];
  const reasons = new Map<string, number>();
  for (const held of report.heldBack) reasons.set(held.reason, (reasons.get(held.reason) ?? 0) + 1);
  for (const [reason, count] of reasons) details.push(`${count} held back: ${reason}`);
  if (report.notFound.length > 0) details.push(`${report.notFound.length} listed and no longer in ${report.dlt} (retention or compaction): ${report.notFound.slice(0, 5).map((p) => `[${p.partition}] @ ${p.offset}`).join(', ')}`);
  if (report.unconfirmed.length > 0) details.push(`${report.unconfirmed.length} were being sent when it stopped: perhaps written; continuing sends them again and counts them as possible duplicates.`);
  for (const [label, count] of Object.entries(report.byTarget)) details.push(`${count} → ${label}`);
  return { text: `${parts.join('; ')}.`, details };
}
