/** A correlation-id search over a 10-minute window of a 6-partition, 1,000,000-message topic, against kcat piped to grep. */
import { spawn } from 'node:child_process';
import { SkipBenchmark, type Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { KAFKA_NOTE, benchBroker, kcatAvailable, requireKafka } from './kafka/benchKafka';
import { SEARCH_BASE_TIME, SEARCH_STEP_MS, expectedMatches, searchCorrelationId, searchTopic } from './kafka/searchTopic';
import * as ports from '../test/services/ports';

const MAX_TIME_RATIO = 1.0;
const WINDOW_MS = 10 * 60_000;
/** The window starts 4,000 s into the topic, between two record times so neither end is ambiguous. */
const FROM = SEARCH_BASE_TIME + 400_000 * SEARCH_STEP_MS + SEARCH_STEP_MS / 2;
const TO = FROM + WINDOW_MS;
const CORRELATION = 12_345;

/** kcat reading every partition from the window's start to its end, headers printed, grep keeping the id's lines. */
function kcatSearch(topic: string, header: string): Promise<number> {
  const pattern = `(^|,)${header.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(,|$)`;
  const script = `kcat -C -b "$1" -t "$2" -o "s@$3" -o "e@$4" -e -q -f '%h\\n' | grep -cE "$5" || true`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, 'sh', ports.kafka.brokers[0], topic, String(Math.ceil(FROM)), String(Math.ceil(TO)), pattern], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`kcat | grep exited ${code}: ${errors}`))));
  });
}

export const kafkaSearchVsKcatBenchmark: Benchmark = {
  name: 'kafka-search-vs-kcat',
  title: 'Kafka: correlation-id search, 10-minute window of a 1,000,000-message topic (6 partitions), against kcat',
  target: `≤ ${MAX_TIME_RATIO}× kcat's time`,
  async run(context) {
    await requireKafka();
    if (!kcatAvailable()) throw new SkipBenchmark('kcat is not installed (test/services/install.sh installs it)');
    const { topic, dispose } = await searchTopic(context.log);
    const broker = benchBroker();
    const correlationId = searchCorrelationId(CORRELATION);
    const expected = expectedMatches(CORRELATION, FROM, TO);
    if (expected === 0) throw new Error('the window holds no message of the searched id');
    try {
      const samples = await timePair(
        async () => {
          const result = await broker.search({ source: topic, window: { from: FROM, to: TO }, predicate: { field: 'correlationId', value: correlationId }, limit: 1000 });
          if (result.events.length !== expected || !result.complete) throw new Error(`found ${result.events.length} of ${expected} (complete: ${result.complete}; ${result.notes.join(' ')})`);
        },
        async () => {
          const found = await kcatSearch(topic, `correlation_id=${correlationId}`);
          if (found !== expected) throw new Error(`kcat | grep found ${found}, not ${expected}`);
        },
        { warmup: 2, repetitions: Math.max(context.repetitions, 7) },
      );
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${(WINDOW_MS / SEARCH_STEP_MS).toLocaleString('en-US')} messages in the window, ${expected} matches`,
          target: this.target,
          note: `${KAFKA_NOTE}; kcat 1.7 as a new process per search, \`-C -o s@from -o e@to -e -f '%h'\` piped to \`grep -cE\`; ours seeks each partition by time, reads it with Fetch requests of its own (no consumer group), judges each record on its header bytes, decodes only those that pass and returns each match as a FlowEvent, connection kept open`,
        },
        samples,
        'kcat -o s@ -o e@ | grep',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await broker.close();
      await dispose();
    }
  },
};
