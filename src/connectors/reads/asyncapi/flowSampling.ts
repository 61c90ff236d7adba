/**
 * Reads what an AsyncAPI description (or a check of one) needs from live brokers: each broker's channels and
 * links, and the newest messages of every channel that holds them, each fed to a `ChannelMessages`. A
 * channel is sampled only when its read plan says reading changes nothing (Kafka topics, streams), unless the
 * caller allows more; any other is listed with the reason it was not read.
 */
import { ChannelMessages } from '../../../core/asyncapi/channelMessages';
import { channelSampleKey } from '../../../core/asyncapi/flowDocument';
import type { LiveChannel } from '../../../core/asyncapi/flowCheck';
import type { FlowConnection } from '../../../core/asyncapi/flowModel';
import type { FlowEvent } from '../../../core/envelope';
import type { IdentityRules } from '../../../core/identity';
import type { Broker } from '../../broker';
import type { Channel } from '../channels';
import { readNewest } from '../newestMessages';
import { changesState, type SourcePlan } from '../readPlan';

/** The newest messages read per channel by default: enough for required fields and enums, quick on a big topic. */
export const DEFAULT_SAMPLE_PER_CHANNEL = 500;
/** Examples kept per channel for a schema check to point at. */
const EXAMPLES_PER_CHANNEL = 200;

export interface BrokerToSample {
  connectionId: string;
  label: string;
  broker: Broker;
  rules?: IdentityRules;
}

export interface SampleOptions {
  perChannel?: number;
  /** Whether a channel whose plan changes state may be read anyway (default: never). */
  mayRead?: (plan: SourcePlan) => boolean;
  /** Only these channels are described (all when absent). */
  only?: (channel: Channel) => boolean;
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

export interface SampledChannel {
  connectionId: string;
  label: string;
  channel: Channel;
  /** The sampled messages themselves, a bounded few, for a check to show as examples. */
  examples: FlowEvent[];
}

export interface FlowSample {
  connections: FlowConnection[];
  messages: Map<string, ChannelMessages>;
  unsampled: Map<string, string>;
  /** Every channel listed, by `channelSampleKey`, with the examples read from it. */
  channels: Map<string, SampledChannel>;
  /** Connections that could not be listed, and why. */
  failures: { label: string; reason: string }[];
}

export async function sampleFlow(brokers: readonly BrokerToSample[], options: SampleOptions = {}): Promise<FlowSample> {
  const perChannel = Math.max(1, Math.floor(options.perChannel ?? DEFAULT_SAMPLE_PER_CHANNEL));
  const mayRead = options.mayRead ?? ((plan: SourcePlan) => !changesState(plan));
  const sample: FlowSample = { connections: [], messages: new Map(), unsampled: new Map(), channels: new Map(), failures: [] };
  for (const source of brokers) {
    options.onProgress?.(`listing ${source.label}`);
    let map;
    try {
      map = await source.broker.channels({ connectionId: source.connectionId, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      sample.failures.push({ label: source.label, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const only = options.only;
    const channels = only === undefined ? map.channels : map.channels.filter(only);
    sample.connections.push({ id: source.connectionId, label: source.label, channels, links: map.links, ...(map.capped ? { capped: map.capped.note } : {}) });
    const toRead: SampledChannel[] = [];
    for (const channel of channels) {
      const entry: SampledChannel = { connectionId: source.connectionId, label: source.label, channel, examples: [] };
      sample.channels.set(channelSampleKey(source.connectionId, channel.id), entry);
      if (channel.role === 'holds' && channel.internal !== true) toRead.push(entry);
    }
    // A few channels at a time: each read waits mostly on the broker, and one connection serves them all.
    let next = 0;
    const worker = async () => {
      while (next < toRead.length) await sampleChannel(source, toRead[next++], sample, perChannel, mayRead, options);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, toRead.length) }, worker));
  }
  return sample;
}

const PARALLEL_READS = 4;

async function sampleChannel(source: BrokerToSample, entry: SampledChannel, sample: FlowSample, perChannel: number, mayRead: (plan: SourcePlan) => boolean, options: SampleOptions): Promise<void> {
  const channel = entry.channel;
  const key = channelSampleKey(source.connectionId, channel.id);
  const plan = await source.broker.planRead(channel.name, options.signal);
  if (plan.refused !== undefined || !mayRead(plan)) {
    sample.unsampled.set(key, plan.refused ?? `not read: ${plan.note}`);
    return;
  }
  options.onProgress?.(`sampling ${source.label} › ${channel.name}`);
  const messages = new ChannelMessages(source.rules);
  const page = await readNewest(source.broker, { source: channel.name, count: perChannel, ...(channel.figures.partitions !== undefined ? { partitions: channel.figures.partitions } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  for (const event of page.events) {
    messages.observe(event);
    if (entry.examples.length < EXAMPLES_PER_CHANNEL) entry.examples.push(event);
  }
  sample.messages.set(key, messages);
}

/** The sampled channels as a flow check reads them. */
export function liveChannelsOf(sample: FlowSample): LiveChannel[] {
  return [...sample.channels.values()].map(({ label, channel, examples }) => ({
    connectionLabel: label,
    name: channel.name,
    kind: channel.kind,
    role: channel.role,
    ...(channel.internal === true ? { internal: true } : {}),
    ...(channel.figures.messages !== undefined ? { messages: channel.figures.messages } : {}),
    examples,
  }));
}
