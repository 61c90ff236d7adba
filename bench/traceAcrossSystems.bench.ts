/**
 * One trace of a correlation id over three systems at once — a 1,000,000-message topic (6 partitions), a
 * 10,000-message classic queue and the 1,000,000-event Local store — against the same three searches run one
 * after another by hand: kcat over the time window piped to grep, one full peek of the queue with amqplib
 * (every message taken unacked, its correlation id compared, all handed back), and a readline scan.
 * The two fillers' record times do not overlap, so the trace searches all time (its widest window) and kcat's
 * window is all time as well.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { LocalEventStore } from '../src/connectors/local';
import { readOnlyPlan } from '../src/connectors/reads/readPlan';
import type { SearchSource } from '../src/connectors/reads/searchRun';
import { runTrace } from '../src/connectors/reads/traceRun';
import { SkipBenchmark, type Benchmark } from './benchmark';
import { LOCAL_EVENTS, ensureLocalStoreFile } from './data/localStoreFile';
import { KAFKA_NOTE, benchBroker, kcatAvailable, requireKafka } from './kafka/benchKafka';
import { SEARCH_MESSAGES, SEARCH_PARTITIONS, searchTopic } from './kafka/searchTopic';
import { comparedRow, timePair } from './measure';
import { RIG_NOTE, benchName, openRig } from './rabbitmq/benchBroker';
import * as ports from '../test/services/ports';

const MAX_TIME_RATIO = 0.5;
/** In both fillers: `corr-4321` is the Kafka topic's id of every 20,000th message and the store's of one aggregate. */
const CORRELATION_ID = 'corr-4321';
const QUEUE_MESSAGES = 10_000;
/** Every this many queue messages carries the id. */
const QUEUE_EVERY = 1_000;
const ALL_TIME_TO = Date.parse('2100-01-01T00:00:00.000Z');

function kcatSearch(topic: string): Promise<number> {
  const script = `kcat -C -b "$1" -t "$2" -o "s@0" -o "e@$3" -e -q -f '%h\\n' | grep -cE "$4" || true`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, 'sh', ports.kafka.brokers[0], topic, String(ALL_TIME_TO), `(^|,)correlation_id=${CORRELATION_ID}(,|$)`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`kcat | grep exited ${code}: ${errors}`))));
  });
}

async function scanFor(file: string): Promise<number> {
  let found = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const event = JSON.parse(line) as { metadata?: { correlation_id?: string } };
    if (event.metadata?.correlation_id === CORRELATION_ID) found += 1;
  }
  return found;
}

export const traceAcrossSystemsBenchmark: Benchmark = {
  name: 'trace-across-systems',
  title: 'trace one correlation id over a 1,000,000-message topic (6 partitions), a 10,000-message classic queue and a 1,000,000-event Local store',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time`,
  async run(context) {
    await requireKafka();
    if (!kcatAvailable()) throw new SkipBenchmark('kcat is not installed (test/services/install.sh installs it)');
    const rig = await openRig();
    const file = ensureLocalStoreFile(context.cacheDir, context.log);
    const { topic, dispose } = await searchTopic(context.log);
    const kafka = benchBroker();
    const rabbit = rig.broker();
    const store = new LocalEventStore({ eventsFile: file });
    try {
      const queue = await rig.queue(benchName('trace'), { 'x-queue-type': 'classic' });
      const seed = await rig.raw.createConfirmChannel();
      for (let i = 0; i < QUEUE_MESSAGES; i++) {
        const correlationId = i % QUEUE_EVERY === 7 ? CORRELATION_ID : `corr-q-${i}`;
        if (!seed.sendToQueue(queue, Buffer.from(`{"seq":${i},"type":"OrderCreated"}`), { persistent: true, messageId: `m-${i}`, correlationId, type: 'OrderCreated' })) await new Promise((resolve) => seed.once('drain', resolve));
      }
      await seed.waitForConfirms();
      await seed.close();

      const sources: SearchSource[] = [
        { connectionId: 'kafka', connectionLabel: 'Kafka', plan: await kafka.planRead(topic), search: (request) => kafka.search(request) },
        { connectionId: 'rabbitmq', connectionLabel: 'RabbitMQ', plan: await rabbit.planRead(queue), search: (request) => rabbit.search(request) },
        { connectionId: 'local', connectionLabel: 'Local', plan: readOnlyPlan('Local', ''), search: (request) => store.search(request) },
      ];
      const expected = { kafka: SEARCH_MESSAGES / 20_000, rabbitmq: QUEUE_MESSAGES / QUEUE_EVERY, local: LOCAL_EVENTS / 10_000 };
      const ours = async (): Promise<void> => {
        const counts: Record<string, number> = {};
        const failed: string[] = [];
        const { trace } = await runTrace(sources, { correlationId: CORRELATION_ID }, {}, {
          onResult: (source, result) => (counts[source.connectionId] = result.events.length),
          onError: (source, error) => failed.push(`${source.connectionId}: ${String(error)}`),
        });
        if (failed.length > 0) throw new Error(failed.join('; '));
        if (JSON.stringify(counts) !== JSON.stringify({ ...counts, ...expected }) || trace.nodes.length !== expected.kafka + expected.rabbitmq + expected.local) throw new Error(`the trace found ${JSON.stringify(counts)} (${trace.nodes.length} nodes), not ${JSON.stringify(expected)}`);
      };
      const amqplibPeek = async (): Promise<number> => {
        const channel = await rig.raw.createChannel();
        let found = 0;
        try {
          for (let taken = 0; taken < QUEUE_MESSAGES; taken++) {
            const message = await channel.get(queue, { noAck: false });
            if (!message) break;
            if (message.properties.correlationId === CORRELATION_ID) found += 1;
          }
        } finally {
          // Closing the channel hands every unacked message back, in order.
          await channel.close();
        }
        return found;
      };
      const baseline = async (): Promise<void> => {
        const inKafka = await kcatSearch(topic);
        const inQueue = await amqplibPeek();
        const inStore = await scanFor(file);
        if (inKafka !== expected.kafka || inQueue !== expected.rabbitmq || inStore !== expected.local) throw new Error(`the baseline found ${inKafka}, ${inQueue}, ${inStore}, not ${JSON.stringify(expected)}`);
      };
      context.log('first trace (opens the store: its index built or adopted)');
      await ours();
      const samples = await timePair(ours, baseline, { warmup: 1, repetitions: Math.min(Math.max(context.repetitions, 3), 5) });
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${SEARCH_MESSAGES.toLocaleString('en-US')} records over ${SEARCH_PARTITIONS} partitions, ${QUEUE_MESSAGES.toLocaleString('en-US')} queued messages, ${LOCAL_EVENTS.toLocaleString('en-US')} stored events; ${expected.kafka + expected.rabbitmq + expected.local} matches`,
          target: this.target,
          note: `${KAFKA_NOTE}; ${RIG_NOTE}; all time (the fillers' times do not overlap); ours reads the three sources at once (the topic seeking each partition by time and judging headers before decoding, the queue in one peek, the store from its identity index, opened before timing) and builds the flow; the baseline runs kcat 1.7 \`-o s@0 -o e@… -e -f '%h'\` piped to \`grep -cE\`, then an amqplib basic.get of every message (unacked, handed back on close), then a readline scan, one after another`,
        },
        samples,
        'kcat | grep, amqplib peek, readline scan',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await store.close();
      await kafka.close();
      await rig.close();
      await dispose();
    }
  },
};
