/**
 * Describe This Flow as AsyncAPI over 10 topics of 10,000 messages each: the channel listing, the newest
 * messages of each topic sampled and their schemas inferred, the document written as YAML and validated by
 * the AsyncAPI parser. The row fails when the document does not validate or a topic lacks its messages.
 */
import { describeFlow } from '../src/core/asyncapi/flowDocument';
import { asyncApiText, parseAsyncApi } from '../src/connectors/reads/asyncapi/asyncApiText';
import { DEFAULT_SAMPLE_PER_CHANNEL, sampleFlow } from '../src/connectors/reads/asyncapi/flowSampling';
import type { Benchmark } from './benchmark';
import { figure } from './measure';
import { KAFKA_NOTE, benchBroker, requireKafka } from './kafka/benchKafka';
import { ASYNCAPI_TOPIC_MESSAGES, asyncApiTopics } from './kafka/asyncApiTopics';

const MAX_MS = 5000;

export const asyncApiDescribeBenchmark: Benchmark = {
  name: 'asyncapi-describe',
  title: 'AsyncAPI: describe 10 Kafka topics of 10,000 messages each, and validate the document',
  target: `≤ ${MAX_MS / 1000} s; the document validates`,
  async run(context) {
    await requireKafka();
    const topics = new Set(await asyncApiTopics(context.log));
    const broker = benchBroker();
    try {
      let lastText = '';
      const phases = { sampleMs: 0, validateMs: 0 };
      const describe = async () => {
        const started = performance.now();
        const sample = await sampleFlow([{ connectionId: 'bench', label: 'bench', broker }], { only: (channel) => topics.has(channel.name) });
        const document = describeFlow({ title: 'bench', connections: sample.connections, messages: sample.messages, unsampled: sample.unsampled });
        const text = await asyncApiText(document, 'yaml');
        const sampled = performance.now();
        const parsed = await parseAsyncApi(text);
        phases.sampleMs = Math.round(sampled - started);
        phases.validateMs = Math.round(performance.now() - sampled);
        if ('problems' in parsed) throw new Error(`the document does not validate: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
        const described = parsed.document.channels().all().filter((channel) => channel.messages().all().length > 0).length;
        if (described !== topics.size) throw new Error(`${described} of ${topics.size} topics have messages in the document`);
        lastText = text;
      };
      // The first run loads the parser (bundled apart, required on first use): reported beside the median.
      const first = performance.now();
      await describe();
      const firstMs = performance.now() - first;
      const samples: number[] = [];
      for (let i = 0; i < Math.max(3, Math.min(context.repetitions, 5)); i++) {
        const started = performance.now();
        await describe();
        samples.push(performance.now() - started);
      }
      const ours = figure(samples);
      return {
        name: this.name,
        title: this.title,
        size: `${topics.size} topics × ${ASYNCAPI_TOPIC_MESSAGES.toLocaleString('en-US')} messages (3 event types), ${DEFAULT_SAMPLE_PER_CHANNEL} newest sampled per topic`,
        status: ours.median <= MAX_MS ? 'pass' : 'miss',
        ours,
        target: this.target,
        note: `median of warm runs; the first run, which also loads the AsyncAPI parser, took ${Math.round(firstMs)} ms; ${KAFKA_NOTE}; document ${Math.round(lastText.length / 1024)} KiB of YAML, validated by @asyncapi/parser 3.6`,
        extra: { firstRunMs: Math.round(firstMs), documentChars: lastText.length, lastRunSampleMs: phases.sampleMs, lastRunValidateMs: phases.validateMs },
      };
    } finally {
      await broker.close();
    }
  },
};
