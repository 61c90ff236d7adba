/**
 * Statistics of one topic or queue, in the shape a store's have (`StoreStatistics`): events per type and per
 * day, schema variants per type, the largest keys, and who sent the messages where they say it. A bounded
 * sample of the newest messages (`readNewest`), decoded as the browser decodes them, typed by the identity
 * rules the connection reads with. The read plan comes first: a source it refuses is not read, and one whose
 * reading changes state (a classic queue's peek) is read only when `mayRead` says so. Each example names
 * where its message is (`EventReference.place`); `readSourceStatisticsWithExamples` also gives what opens
 * them again (`SourceExamples`), with the peeked messages they name kept.
 */
import type { FlowEvent } from '../../core/envelope';
import type { StatisticsLimits } from '../../core/eventStatistics';
import type { IdentityPlace } from '../../core/identity';
import { ProducerCounter } from '../../core/producers';
import { SchemaVariantFinder } from '../../core/schemaVariants';
import { messagePlaceOf } from '../../core/sourceDescribers';
import type { Broker, ReadEffects } from '../broker';
import { readNewest } from './newestMessages';
import { changesState, describePlan, type SourcePlan } from './readPlan';
import { keptExamplesOf, SourceExamples } from './sourceExamples';
import { withSource, type StatisticsSample, type StoreStatistics } from './statistics';

/** Messages read by default: enough for every type and variant a topic carries lately, quick on a big one. */
export const DEFAULT_MESSAGES_PER_SOURCE = 10_000;

export interface SourceStatisticsOptions {
  /** Messages read at most (default `DEFAULT_MESSAGES_PER_SOURCE`), spread over a topic's partitions. */
  maxMessages?: number;
  limits?: Partial<StatisticsLimits>;
  /** Asked when reading changes state (the plan shown, the user's answer); without it such a source is not read. */
  mayRead?: (plan: SourcePlan) => boolean | Promise<boolean>;
  producerPlaces?: readonly IdentityPlace[];
  hostPlaces?: readonly IdentityPlace[];
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

/** The source was not read: its plan refused it, or reading it changes state and was not allowed. */
export class SourceNotReadError extends Error {
  constructor(
    message: string,
    readonly plan: SourcePlan,
  ) {
    super(message);
    this.name = 'SourceNotReadError';
  }
}

/** What a source holds now and how it is divided, from the broker's own figures (absent when it cannot say). */
interface SourceSize {
  messages?: number;
  partitions?: number;
}

export async function readSourceStatistics(broker: Broker, source: string, options: SourceStatisticsOptions = {}): Promise<StoreStatistics> {
  return (await readSourceStatisticsWithExamples(broker, source, options)).statistics;
}

/** The statistics, and what opens their examples again (the peeked messages they name kept). */
export async function readSourceStatisticsWithExamples(broker: Broker, source: string, options: SourceStatisticsOptions = {}): Promise<{ statistics: StoreStatistics; examples: SourceExamples }> {
  const signal = options.signal;
  const plan = await broker.planRead(source, signal);
  if (plan.refused !== undefined) throw new SourceNotReadError(`${source} was left out: ${plan.refused}`, plan);
  if (changesState(plan) && !(await (options.mayRead?.(plan) ?? false))) throw new SourceNotReadError(`${source} was not read: ${describePlan(plan)}`, plan);
  const maxMessages = Math.max(1, Math.floor(options.maxMessages ?? DEFAULT_MESSAGES_PER_SOURCE));
  options.onProgress?.(`sizing ${source}`);
  const size = await sourceSize(broker, source, signal);
  options.onProgress?.(`reading up to ${maxMessages.toLocaleString('en-US')} messages of ${source}`);
  const page = await readNewest(broker, { source, count: maxMessages, ...(size.partitions !== undefined ? { partitions: size.partitions } : {}), ...(signal ? { signal } : {}) });
  // A peek starts at the queue's head, so one that reached the end read the whole queue, whatever the (lagging) figures say.
  const whole = changesState(plan) && page.reachedEnd;
  const statistics = sourceStatisticsOf(page.events, { source, plan, maxMessages, ...size, ...(whole ? { whole } : {}), ...(options.limits ? { limits: options.limits } : {}), ...(options.producerPlaces ? { producerPlaces: options.producerPlaces } : {}), ...(options.hostPlaces ? { hostPlaces: options.hostPlaces } : {}) });
  const notes = statistics.notes ?? [];
  if (page.effects) notes.push(effectsNote(page.effects));
  for (const problem of page.problems) notes.push(problem.message);
  if (notes.length > 0) statistics.notes = notes;
  return { statistics, examples: new SourceExamples(broker, source, keptExamplesOf(page.events, statistics)) };
}

async function sourceSize(broker: Broker, source: string, signal: AbortSignal | undefined): Promise<SourceSize> {
  try {
    const figures = await broker.sampleFigures({ sources: [{ name: source }], groups: [], lagOf: [] }, signal);
    const found = figures.sources.find((s) => s.name === source);
    if (!found) return {};
    const partitions = found.partitions?.length;
    return { ...(found.messages !== undefined ? { messages: found.messages } : {}), ...(partitions ? { partitions } : {}) };
  } catch (error) {
    if (signal?.aborted) throw error;
    // The size only words the sample note; the read itself says whether the source is there.
    return {};
  }
}

export interface SourceShaping {
  source: string;
  plan: SourcePlan;
  maxMessages: number;
  /** Messages the source holds, when the broker said. */
  messages?: number;
  partitions?: number;
  /** The read took every message the source held (a queue's peek that reached its end). */
  whole?: boolean;
  limits?: Partial<StatisticsLimits>;
  producerPlaces?: readonly IdentityPlace[];
  hostPlaces?: readonly IdentityPlace[];
}

/** The statistics of messages read from one source, with the sample note and what a reader should know. */
export function sourceStatisticsOf(events: readonly FlowEvent[], shaping: SourceShaping): StoreStatistics {
  const finder = new SchemaVariantFinder(shaping.limits);
  const producers = new ProducerCounter(shaping.producerPlaces, shaping.hostPlaces);
  let keyed = 0;
  for (const event of events) {
    finder.observeEvent(event, undefined, messagePlaceOf(event.source));
    producers.observe(event);
    const key = (event.source as { key?: unknown }).key;
    if (event.aggregateId !== undefined && event.aggregateId === key) keyed += 1;
  }
  const result = finder.result();
  const notes: string[] = [];
  if (result.aggregates.counted === 0) {
    result.largestAggregates = [];
    notes.push('Largest aggregates left out: no message read carried a key or an aggregate id.');
  } else if (keyed > 0) {
    notes.push(`Largest aggregates are the largest message keys (${keyed.toLocaleString('en-US')} of ${events.length.toLocaleString('en-US')} messages had a text key).`);
  }
  const counted = producers.result();
  if (counted.unnamed > 0) notes.push(`${counted.unnamed.toLocaleString('en-US')} messages named no producer or host (in a header or AMQP's app_id).`);
  if (counted.other > 0) notes.push(`${counted.other.toLocaleString('en-US')} messages named a producer past the first ${counted.producers.length} counted.`);
  const statistics = withSource(result, shaping.source, undefined, sampleOf(events.length, shaping), 0);
  statistics.producers = counted;
  if (notes.length > 0) statistics.notes = notes;
  return statistics;
}

function sampleOf(read: number, shaping: SourceShaping): StatisticsSample {
  const total = shaping.messages;
  const count = (n: number) => n.toLocaleString('en-US');
  const messages = (n: number) => `${count(n)} message${n === 1 ? '' : 's'}`;
  if (shaping.whole === true || (total !== undefined && read >= total)) return { method: 'all', read, total: read, note: `all ${messages(read)}` };
  const of = total === undefined ? '' : ` of ${count(total)}`;
  const reads = total === undefined ? { read } : { read, total };
  // Reading that changes state is a queue's peek: it starts at the head, so the sample is its first messages.
  if (changesState(shaping.plan)) return { method: 'first', ...reads, note: `the first ${messages(read)}${of} from the queue's head (at most ${count(shaping.maxMessages)} read)` };
  const spread = shaping.partitions !== undefined && shaping.partitions > 1 ? `, up to ${count(Math.ceil(shaping.maxMessages / shaping.partitions))} from each of ${count(shaping.partitions)} partitions` : '';
  return { method: 'newest', ...reads, note: `the newest ${messages(read)}${of}${spread} (at most ${count(shaping.maxMessages)} read)` };
}

function effectsNote(effects: ReadEffects): string {
  const limit = effects.leftAtLimit.length > 0 ? ` ${effects.leftAtLimit.length} message(s) are now at their delivery limit.` : '';
  const dead = effects.deadLettered.length > 0 ? ` ${effects.deadLettered.length} message(s) already at their limit were dead-lettered by the broker.` : '';
  return `${effects.note}${limit}${dead}`;
}
