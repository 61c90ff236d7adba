/** Latest 500 of the 1,000,000-message partition through the connector against Debian's kcat doing the same. */
import { SkipBenchmark, type Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { KAFKA_NOTE, benchBroker, benchMillionTopic, kcatAvailable, kcatLatest, requireKafka } from './kafka/benchKafka';

const COUNT = 500;
const MAX_TIME_RATIO = 1.5;

export const kafkaLatestVsKcatBenchmark: Benchmark = {
  name: 'kafka-latest-vs-kcat',
  title: 'Kafka: latest 500 of the 1,000,000-message partition, against kcat',
  target: `≤ ${MAX_TIME_RATIO}× kcat's time`,
  async run(context) {
    await requireKafka();
    if (!kcatAvailable()) throw new SkipBenchmark('kcat is not installed (test/services/install.sh installs it)');
    const topic = await benchMillionTopic(context.log);
    const broker = benchBroker();
    try {
      const samples = await timePair(
        async () => {
          const page = await broker.browse({ source: topic, start: { from: 'latest', count: COUNT }, limit: COUNT });
          if (page.events.length !== COUNT) throw new Error(`read ${page.events.length} of ${COUNT}`);
        },
        async () => {
          const lines = await kcatLatest(topic, COUNT);
          if (lines !== COUNT) throw new Error(`kcat printed ${lines} lines, not ${COUNT}`);
        },
        { warmup: 2, repetitions: Math.max(context.repetitions, 7) },
      );
      return comparedRow(
        { name: this.name, title: this.title, size: '500 of 1,000,000 messages in one partition', target: this.target, note: `${KAFKA_NOTE}; kcat 1.7 (librdkafka) as a new process per read, \`-C -o -500 -e\`, values printed; ours decodes each into a FlowEvent, connection kept open` },
        samples,
        'kcat -C -o -500 -e',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await broker.close();
    }
  },
};
