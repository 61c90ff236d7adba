/** 500 messages from a timestamp in the middle of the 1,000,000-message partition, against the same from an offset. */
import { isKafkaSource } from '../src/connectors/kafka/kafkaSource';
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { KAFKA_NOTE, SHORT_READ_REPETITIONS, benchBroker, benchMillionTopic, requireKafka } from './kafka/benchKafka';
import { MILLION_BASE_TIME, MILLION_TIME_STEP_MS } from '../test/integration/support/kafkaFixture';

const COUNT = 500;
const MIDDLE = 500_000;
const MAX_TIME_RATIO = 1.3;

export const kafkaFromTimestampBenchmark: Benchmark = {
  name: 'kafka-from-timestamp',
  title: 'Kafka: 500 messages from a timestamp in the middle of a 1,000,000-message partition',
  target: `≤ ${MAX_TIME_RATIO}× the same from an offset`,
  async run(context) {
    await requireKafka();
    const topic = await benchMillionTopic(context.log);
    const broker = benchBroker();
    try {
      const first = async (start: Parameters<typeof broker.browse>[0]['start']) => {
        const page = await broker.browse({ source: topic, start, limit: COUNT });
        const source = page.events[0]?.source;
        const offset = source !== undefined && isKafkaSource(source) ? source.offset : '';
        if (page.events.length !== COUNT || offset !== String(MIDDLE)) throw new Error(`read ${page.events.length} from offset ${offset}`);
      };
      const samples = await timePair(
        () => first({ from: 'timestamp', timestamp: MILLION_BASE_TIME + MIDDLE * MILLION_TIME_STEP_MS }),
        () => first({ from: 'offset', offset: String(MIDDLE) }),
        { warmup: 2, repetitions: Math.max(context.repetitions, SHORT_READ_REPETITIONS) },
      );
      return comparedRow(
        { name: this.name, title: this.title, size: '500 from the middle of 1,000,000 messages', target: this.target, note: `${KAFKA_NOTE}; the timestamp costs one offset-for-time lookup` },
        samples,
        'the same 500 from an offset',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await broker.close();
    }
  },
};
