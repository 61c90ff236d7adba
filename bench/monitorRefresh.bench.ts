/**
 * The flow monitor's cost on the extension host: 20 Kafka topics, 20 RabbitMQ queues and 5 consumer groups
 * (lag per partition in messages and in time) watched at a 1 s refresh, through the real sampler registry,
 * brokers and monitor session (every point serialized as the panel posts it), with one alert rule per group
 * on the same polls. Measured as this process's CPU time per second of wall time over alternating windows,
 * against the same process idle with the same brokers connected. Target: ≤ 5% of one core above idle.
 */
import type { AlertRule } from '../src/connectors/reads/alertRules';
import { AlertWatch } from '../src/connectors/reads/alertWatch';
import type { FiguresReader } from '../src/connectors/reads/figures';
import type { MonitorTarget } from '../src/connectors/reads/monitorTargets';
import { SamplerRegistry } from '../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../src/panels/monitor/monitorSession';
import { rawKafka, uniqueName, waitForTopics } from '../test/integration/support/kafkaFixture';
import type { Benchmark } from './benchmark';
import { KAFKA_NOTE, benchBroker, requireKafka } from './kafka/benchKafka';
import { comparedRow, median, round } from './measure';
import { RIG_NOTE, benchName, fill, openRig } from './rabbitmq/benchBroker';

const TOPICS = 20;
const QUEUES = 20;
const GROUPS = 5;
const PARTITIONS = 3;
const MAX_PERCENT_ABOVE_IDLE = 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU milliseconds this process spent per second of wall time over `seconds`. */
async function cpuPerSecond(seconds: number): Promise<number> {
  const startCpu = process.cpuUsage();
  const startWall = performance.now();
  await sleep(seconds * 1000);
  const used = process.cpuUsage(startCpu);
  return (used.user + used.system) / 1000 / ((performance.now() - startWall) / 1000);
}

export const monitorRefreshBenchmark: Benchmark = {
  name: 'monitor-refresh',
  title: 'flow monitor: 20 topics + 20 queues + 5 groups at a 1 s refresh',
  target: `≤ ${MAX_PERCENT_ABOVE_IDLE}% of one core above the idle extension host`,
  async run(context) {
    await requireKafka();
    const rig = await openRig();
    const kafka = rawKafka();
    const admin = kafka.admin();
    await admin.connect();
    const topics = Array.from({ length: TOPICS }, () => uniqueName('efx-bench-monitor'));
    const groups = Array.from({ length: GROUPS }, () => uniqueName('efx-bench-monitor-group'));
    const kafkaBroker = benchBroker();
    let session: MonitorSession | undefined;
    let watch: AlertWatch | undefined;
    try {
      context.log(`making ${TOPICS} topics of ${PARTITIONS} partitions, ${GROUPS} groups behind on them, ${QUEUES} queues`);
      await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
      await waitForTopics(admin, topics);
      const producer = kafka.producer();
      await producer.connect();
      for (const topic of topics) await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % PARTITIONS, value: `m${i}` })) });
      await producer.disconnect();
      // Each group committed the start of four topics and read nothing since: lag in messages and in time on every partition.
      for (const [g, groupId] of groups.entries()) {
        for (const topic of topics.slice(g * 4, g * 4 + 4)) await admin.setOffsets({ groupId, topic, partitions: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, offset: '0' })) });
      }
      const queues: string[] = [];
      for (let i = 0; i < QUEUES; i += 1) queues.push(await rig.queue(benchName(`monitor-${i}`)));
      for (const queue of queues.slice(0, 5)) await fill(rig.raw, queue, 10, false);

      const rabbitBroker = rig.broker();
      const readers: Record<string, FiguresReader> = { kafka: kafkaBroker, rabbit: rabbitBroker };
      const samplers = new SamplerRegistry({ open: (id) => Promise.resolve(readers[id]), readAtOnce: false });
      const targets: MonitorTarget[] = [
        ...topics.map((name): MonitorTarget => ({ connectionId: 'kafka', kind: 'source', name })),
        ...queues.map((name): MonitorTarget => ({ connectionId: 'rabbit', kind: 'source', name, scope: '/' })),
        ...groups.map((name): MonitorTarget => ({ connectionId: 'kafka', kind: 'group', name })),
      ];
      let posted = 0;
      let failed = 0;
      let bytes = 0;
      session = new MonitorSession(targets, {
        samplers,
        refreshSeconds: () => 1,
        isOpen: () => true,
        label: (id) => id,
        alerts: () => '',
        // postMessage serializes what the panel posts: so does the bench.
        post: (message) => {
          posted += 1;
          bytes += JSON.stringify(message).length;
        },
      });
      const rules: AlertRule[] = groups.map((group, i) => ({ id: `lag-${i}`, connectionId: 'kafka', when: 'lagAbove', group, messages: 1_000_000 }));
      // Both brokers connected before the first idle window: idle is the host with its connections open.
      await kafkaBroker.sampleFigures({ sources: [{ name: topics[0] }], groups: [], lagOf: [] });
      await rabbitBroker.sampleFigures({ sources: [{ name: queues[0], scope: '/' }], groups: [], lagOf: [] });
      session.setVisible(true);
      await sleep(5000);
      session.setVisible(false);
      const seconds = Number(process.env.EFX_BENCH_MONITOR_SECONDS ?? 30);
      const windows = Math.max(2, Math.min(context.repetitions, 5));
      const idle: number[] = [];
      const monitoring: number[] = [];
      // Counts failed reads while monitoring; it asks for nothing of its own.
      const countFailures = () => ['kafka', 'rabbit'].map((id) => samplers.subscribe(id, { intervalMs: 1000, targets: () => ({ sources: [], groups: [], lagOf: [] }), onSample: (sample) => void (sample.value.figures === undefined && (failed += 1)) }));
      for (let w = 0; w < windows; w += 1) {
        context.log(`window ${w + 1} of ${windows}: ${seconds} s idle, then ${seconds} s monitoring`);
        idle.push(await cpuPerSecond(seconds));
        const counting = countFailures();
        watch = new AlertWatch(rules, { samplers, intervalMs: 1000, isOpen: () => true, onChange: () => undefined });
        session.setVisible(true);
        const postedBefore = posted;
        monitoring.push(await cpuPerSecond(seconds));
        session.setVisible(false);
        watch.dispose();
        counting.forEach((c) => c.dispose());
        context.log(`  idle ${round(idle[w], 1)} ms/s, monitoring ${round(monitoring[w], 1)} ms/s, ${posted - postedBefore} posts`);
      }
      const aboveIdlePercent = (median(monitoring) - median(idle)) / 10;
      const charts = session.view().charts;
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${TOPICS} topics × ${PARTITIONS} partitions, ${QUEUES} queues, ${GROUPS} groups (${charts.length} charts), ${windows} × ${seconds} s windows`,
          target: this.target,
          note: `CPU time of this process per second of wall time (ms/s; 10 ms/s = 1% of a core), idle and monitoring windows alternating; ours: the sampler registry polling both brokers every second for the monitor session and ${GROUPS} alert rules, every post serialized; ${KAFKA_NOTE}; ${RIG_NOTE}`,
          extra: { cpuPercentAboveIdle: round(aboveIdlePercent, 2), posts: posted, postedKiB: round(bytes / 1024, 1), failedReads: failed, charts: charts.length, chartsWithPoints: charts.filter((c) => c.times.length > 0).length },
        },
        { ours: monitoring, baseline: idle },
        'the same process idle, brokers connected',
        () => aboveIdlePercent <= MAX_PERCENT_ABOVE_IDLE,
      );
    } finally {
      session?.dispose();
      watch?.dispose();
      await kafkaBroker.close().catch(() => undefined);
      for (const groupId of groups) await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      await rig.close();
    }
  },
};
