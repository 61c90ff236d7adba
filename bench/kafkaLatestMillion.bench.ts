/** Latest 500 of a 1,000,000-message partition against the same on a 10,000-message partition: browsing seeks, never scans. */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { KAFKA_NOTE, SHORT_READ_REPETITIONS, benchBroker, benchMillionTopic, requireKafka, smallTopic } from './kafka/benchKafka';

const COUNT = 500;
const MAX_TIME_RATIO = 1.2;

export const kafkaLatestMillionBenchmark: Benchmark = {
  name: 'kafka-latest-million',
  title: 'Kafka: latest 500 messages of a 1,000,000-message partition',
  target: `≤ ${MAX_TIME_RATIO}× the time on a 10,000-message partition`,
  async run(context) {
    await requireKafka();
    const big = await benchMillionTopic(context.log);
    const small = await smallTopic(10_000);
    const broker = benchBroker();
    try {
      const latest = async (topic: string) => {
        const page = await broker.browse({ source: topic, start: { from: 'latest', count: COUNT }, limit: COUNT });
        if (page.events.length !== COUNT) throw new Error(`read ${page.events.length} of ${COUNT} from ${topic}`);
      };
      const samples = await timePair(() => latest(big), () => latest(small.topic), { warmup: 2, repetitions: Math.max(context.repetitions, SHORT_READ_REPETITIONS) });
      return comparedRow(
        { name: this.name, title: this.title, size: '1,000,000 vs 10,000 messages in one partition, 500 read', target: this.target, note: `${KAFKA_NOTE}; each browse reads by fetch requests of its own, no consumer group` },
        samples,
        'latest 500 of a 10,000-message partition',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await broker.close();
      await small.dispose();
    }
  },
};
