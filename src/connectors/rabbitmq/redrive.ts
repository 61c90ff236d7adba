import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { AmqpSession } from './amqpSession';
import { readDeaths, redriveCount, REDRIVE_COUNT_HEADER } from './deadLetters';
import { RabbitError } from './errors';
import { readProperties } from './messages';
import { drained } from './publish';
import { ListedMessages, redriveIdentity } from './redriveIdentity';
import { decide, DEFAULT_MAX_REDRIVES, targetLabel, type RedriveDestination, type RedriveSelection, type RedriveTarget } from './redrivePlan';

export interface RedriveRequest {
  queue: string;
  destination: RedriveDestination;
  selection?: RedriveSelection;
  /**
   * What the user confirmed: the identities its dry run listed to send (`listedForRedrive`). Then only
   * messages matching one of them move, each listed one at most once (so never more than were listed),
   * wherever it now stands; `selection` and `limit` are ignored, and the queue is looked at until every
   * listed message was found or its end.
   */
  listed?: readonly string[];
  maxRedrives?: number;
  /** The most messages to look at from the head of the queue (default: every message ready when it starts). */
  limit?: number;
  /** Messages published between waits for confirms (default 200). */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each confirmed batch; a promise it returns is awaited (to pace the redrive, or show progress). */
  onProgress?: (moved: number, scanned: number) => void | Promise<void>;
}

export interface RedriveReport {
  moved: number;
  /** Selected but left in the queue (looping messages, unknown origin), with the reason for each position. */
  skipped: { position: number; messageId?: string; reason: string }[];
  /** Looked at and not selected: returned to the queue in their order. */
  kept: number;
  scanned: number;
  byTarget: Record<string, number>;
  /** Where the moved messages went, each target once. */
  sentTo: RedriveTarget[];
  /**
   * When the connection failed half-way: messages that may now be in both places (published, perhaps
   * confirmed, but the ack that removes them from this queue may not have reached the broker). Nothing is
   * lost: every message not acknowledged goes back to this queue when the connection closes.
   */
  possiblyDuplicated: number;
  interrupted?: RabbitError;
  /** With `listed`: how many the dry run listed, and the identities of those no longer in the queue. */
  listed?: number;
  notFound: string[];
}

/** A copy to publish: the message's own properties and headers, with the redrive counter raised. */
function republishOptions(message: GetMessage): Record<string, unknown> {
  const { properties } = message;
  const headers = { ...(properties.headers ?? {}), [REDRIVE_COUNT_HEADER]: redriveCount(properties.headers) + 1 };
  const options: Record<string, unknown> = { headers };
  for (const key of ['contentType', 'contentEncoding', 'correlationId', 'replyTo', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'priority', 'deliveryMode'] as const) {
    const value = (properties as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) options[key] = value;
  }
  return options;
}

/**
 * Moves dead letters: takes each message unacknowledged, publishes a copy where `decide` says, and acks
 * the original only after the broker confirmed the copy (per batch). Messages not sent stay unacked until
 * the end and are then returned in their order. If the connection drops, the broker returns every
 * unacknowledged message to this queue: at worst a message is duplicated, never lost, and the report says how many.
 */
export async function redrive(session: AmqpSession, request: RedriveRequest): Promise<RedriveReport> {
  const rule = { destination: request.destination, selection: request.selection ?? 'all', maxRedrives: request.maxRedrives ?? DEFAULT_MAX_REDRIVES };
  const batchSize = Math.max(1, request.batchSize ?? 200);
  const report: RedriveReport = { moved: 0, skipped: [], kept: 0, scanned: 0, byTarget: {}, sentTo: [], possiblyDuplicated: 0, notFound: [] };
  const listed = request.listed ? new ListedMessages(request.listed) : undefined;
  if (listed) report.listed = listed.size;
  // Copies published in the current batch, and originals acked since the broker last proved it processed
  // our acks (a reply on the channel comes after every ack sent before the request).
  let inFlight = 0;
  let acksUnproven = 0;
  try {
    await session.withChannel(
      'confirm',
      async (channel) => {
        const confirm = channel as ConfirmChannel;
        const ready = (await confirm.checkQueue(request.queue)).messageCount;
        const limit = listed ? ready : Math.min(ready, request.limit ?? ready);
        const more = (): boolean => report.scanned < limit && !(listed?.allFound ?? false);
        let held = false;
        while (more()) {
          const batch: GetMessage[] = [];
          while (batch.length < batchSize && more()) {
            if (request.signal?.aborted) throw new RabbitError('amqp', 'aborted', `Redrive cancelled after moving ${report.moved}`);
            const message = await confirm.get(request.queue, { noAck: false });
            acksUnproven = 0;
            if (message === false) break;
            const position = report.scanned;
            report.scanned += 1;
            const deaths = readDeaths(message.properties.headers);
            const properties = readProperties(message.properties);
            const candidate = { position, properties, rawHeaders: message.properties.headers, deaths, routingKey: message.fields.routingKey };
            const { target, skip } = !listed
              ? decide(candidate, rule)
              : listed.take(redriveIdentity({ messageId: properties.messageId, deaths, body: message.content }))
                ? decide(candidate, { ...rule, selection: 'all' })
                : { skip: 'not selected' };
            if (!target) {
              held = true;
              if (skip === 'not selected') report.kept += 1;
              else report.skipped.push({ position, reason: skip ?? 'no target', ...(properties.messageId === undefined ? {} : { messageId: properties.messageId }) });
              continue;
            }
            inFlight += 1;
            if (!confirm.publish(target.exchange, target.routingKey, message.content, republishOptions(message))) await drained(confirm);
            const label = targetLabel(target);
            if (report.byTarget[label] === undefined) report.sentTo.push(target);
            report.byTarget[label] = (report.byTarget[label] ?? 0) + 1;
            batch.push(message);
          }
          if (batch.length === 0) break;
          await confirm.waitForConfirms();
          // Confirmed: now, and only now, the originals may go.
          if (held) for (const message of batch) confirm.ack(message);
          else confirm.ack(batch[batch.length - 1], true);
          report.moved += batch.length;
          acksUnproven = batch.length;
          inFlight = 0;
          await request.onProgress?.(report.moved, report.scanned);
          if (!more()) break;
        }
        // Return what was looked at and not sent, in its order; the passive declare proves the broker took every ack and nack.
        if (held) confirm.nackAll(true);
        await confirm.checkQueue(request.queue);
        acksUnproven = 0;
      },
      request.signal,
    );
    report.notFound = listed?.missing() ?? [];
  } catch (error) {
    report.interrupted = error instanceof RabbitError ? error : session.fail(error);
    // Copies in flight may have landed while their originals stay; acks in flight may not have landed.
    report.possiblyDuplicated = inFlight + acksUnproven;
  }
  return report;
}
