/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>…]` runs the named ones. Each
 * prints our figure, the baseline's measured in the same run on the same data, and the speed-up; the
 * table goes to stdout and the JSON to bench/results.json. Adding a benchmark is one file and one line
 * in `benchmarks` below.
 *
 * Every row runs in a process of its own (ours and its baseline together, in that process): a row that
 * keeps 100,000 events would otherwise be timed on a heap that earlier rows left large, and its garbage
 * collections would cost what another row's data made them cost.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activationBenchmark } from './activation.bench';
import { SkipBenchmark, type BenchContext, type BenchResult, type Benchmark } from './benchmark';
import { localFirstOpenBenchmark } from './localFirstOpen.bench';
import { localReopenBenchmark } from './localReopen.bench';
import { localCorrelationLookupBenchmark } from './localCorrelationLookup.bench';
import { localStatisticsBenchmark } from './localStatistics.bench';
import { machineInfo, waitForQuiet } from './machine';
import { mongoIntegrityBenchmark } from './mongoIntegrity.bench';
import { mongoSchemaVariantsBenchmark } from './mongoSchemaVariants.bench';
import { mongoListAggregatesBenchmark } from './mongoListAggregates.bench';
import { mongoReadAggregateBenchmark } from './mongoReadAggregate.bench';
import { rabbitmqPagedPeekBenchmark } from './rabbitmqPagedPeek.bench';
import { rabbitmqPeekBenchmark } from './rabbitmqPeek.bench';
import { rabbitmqPublishBenchmark } from './rabbitmqPublish.bench';
import { rabbitmqQueuePageBenchmark } from './rabbitmqQueuePage.bench';
import { rabbitmqRedriveBenchmark } from './rabbitmqRedrive.bench';
import { kafkaFromTimestampBenchmark } from './kafkaFromTimestamp.bench';
import { kafkaLatestMillionBenchmark } from './kafkaLatestMillion.bench';
import { kafkaLatestVsKcatBenchmark } from './kafkaLatestVsKcat.bench';
import { kafkaProduceBenchmark } from './kafkaProduce.bench';
import { kafkaSearchVsKcatBenchmark } from './kafkaSearchVsKcat.bench';
import { traceAcrossSystemsBenchmark } from './traceAcrossSystems.bench';
import { kafkaDltRepublishBenchmark } from './kafkaDltRepublish.bench';
import { kafkaAvroBrowseBenchmark } from './kafkaAvroBrowse.bench';
import { formatTable, writeReport } from './report';
import { portOpen } from '../test/integration/support/mongoFixture';
import * as ports from '../test/services/ports';
import { deleteMillionIfOwned, millionTopicNameOf, newRunId, rawKafka } from '../test/integration/support/kafkaFixture';
import { busOverheadBenchmark } from './busOverhead.bench';
import { pythonReplayBenchmark } from './pythonReplay.bench';
import { replayFoldBenchmark } from './replayFold.bench';
import { sandboxJumpBenchmark } from './sandboxJump.bench';
import { sandboxOpenBenchmark } from './sandboxOpen.bench';
import { sandboxReplayBenchmark } from './sandboxReplay.bench';
import { timelineJumpBenchmark } from './timelineJump.bench';
import { vsixSizeBenchmark } from './vsixSize.bench';
import { webviewStepBenchmark } from './webviewStep.bench';
import { webviewTimelineBenchmark } from './webviewTimeline.bench';
import { webviewBrowserBenchmark } from './webviewBrowser.bench';
import { webviewFlowBenchmark } from './webviewFlow.bench';
import { monitorRefreshBenchmark } from './monitorRefresh.bench';
import { asyncApiDescribeBenchmark } from './asyncApiDescribe.bench';

const benchmarks: Benchmark[] = [
  replayFoldBenchmark,
  timelineJumpBenchmark,
  localReopenBenchmark,
  localFirstOpenBenchmark,
  localCorrelationLookupBenchmark,
  localStatisticsBenchmark,
  mongoReadAggregateBenchmark,
  mongoListAggregatesBenchmark,
  rabbitmqPublishBenchmark,
  rabbitmqPeekBenchmark,
  rabbitmqRedriveBenchmark,
  rabbitmqQueuePageBenchmark,
  rabbitmqPagedPeekBenchmark,
  mongoIntegrityBenchmark,
  mongoSchemaVariantsBenchmark,
  kafkaLatestMillionBenchmark,
  kafkaLatestVsKcatBenchmark,
  kafkaFromTimestampBenchmark,
  kafkaSearchVsKcatBenchmark,
  traceAcrossSystemsBenchmark,
  kafkaDltRepublishBenchmark,
  kafkaAvroBrowseBenchmark,
  kafkaProduceBenchmark,
  webviewTimelineBenchmark,
  webviewBrowserBenchmark,
  webviewFlowBenchmark,
  activationBenchmark,
  vsixSizeBenchmark,
  sandboxReplayBenchmark,
  sandboxOpenBenchmark,
  sandboxJumpBenchmark,
  pythonReplayBenchmark,
  busOverheadBenchmark,
  webviewStepBenchmark,
  monitorRefreshBenchmark,
  asyncApiDescribeBenchmark,
];

/** out/bench/run.js → the repository root. */
const repoRoot = path.resolve(__dirname, '..', '..');

/** `--row-result=<file>`: this process is one row's; it runs that row alone and writes its result there. */
const ROW_RESULT_FLAG = '--row-result=';

async function main(): Promise<number> {
  const rowResultFile = process.argv.find((arg) => arg.startsWith(ROW_RESULT_FLAG))?.slice(ROW_RESULT_FLAG.length);
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = requested.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}`);
    return 2;
  }
  const selected = benchmarks.filter((benchmark) => requested.length === 0 || requested.includes(benchmark.name));
  const cacheDir = path.join(process.env.EFX_CACHE ?? path.join(os.homedir(), '.cache', 'event-flow-explorer'), 'bench');
  fs.mkdirSync(cacheDir, { recursive: true });
  const context: BenchContext = {
    cacheDir,
    repoRoot,
    repetitions: Number(process.env.EFX_BENCH_REPETITIONS ?? 5),
    log: (line) => console.log(`  ${line}`),
  };
  if (rowResultFile !== undefined) {
    const [benchmark] = selected;
    fs.writeFileSync(rowResultFile, JSON.stringify(await runOne(benchmark, context)));
    return 0;
  }
  // The rows' processes share the run's id, so the million-message topic is filled once for all of them.
  const ownsRunId = process.env.EFX_RUN_ID === undefined;
  process.env.EFX_RUN_ID ??= newRunId();
  const machine = machineInfo();
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage}`);
  const startedAt = new Date();
  const results: BenchResult[] = [];
  for (const benchmark of selected) {
    console.log(`\n━━ ${benchmark.name}: ${benchmark.title} ━━`);
    const quiet = await waitForQuiet();
    const busy = `${Math.round(quiet.busyShare * 100)} % of the cores busy`;
    console.log(quiet.quiet ? `  machine quiet after ${quiet.waitedSeconds} s (${busy})` : `  machine not quiet after ${quiet.waitedSeconds} s (${busy}): timed anyway`);
    const started = performance.now();
    const result = await runApart(benchmark, cacheDir);
    result.measuredAt = new Date().toISOString();
    if (!quiet.quiet) result.note = `${result.note ? `${result.note}; ` : ''}timed on a busy machine (${busy} after ${quiet.waitedSeconds} s of waiting)`;
    results.push(result);
    console.log(`  → ${result.status}${result.note ? ` (${result.note})` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (ownsRunId) await deleteRunTopic(process.env.EFX_RUN_ID);
  const durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
  console.log(`\n━━ results (${durationSeconds} s) ━━\n${formatTable(results)}`);
  const resultsFile = path.join(repoRoot, 'bench', 'results.json');
  writeReport(resultsFile, { startedAt: startedAt.toISOString(), durationSeconds, machine, results });
  console.log(`\nJSON: ${path.relative(process.cwd(), resultsFile)}`);
  // Misses are findings, not crashes; only a benchmark that could not run at all fails the command.
  return results.some((result) => result.status === 'error') ? 1 : 0;
}

async function runOne(benchmark: Benchmark, context: BenchContext): Promise<BenchResult> {
  try {
    return await benchmark.run(context);
  } catch (error) {
    const skipped = error instanceof SkipBenchmark;
    const message = error instanceof Error ? error.message : String(error);
    if (!skipped) console.error(error instanceof Error ? (error.stack ?? message) : message);
    return { name: benchmark.name, title: benchmark.title, size: '—', target: benchmark.target, status: skipped ? 'skipped' : 'error', note: message };
  }
}

/** Runs one row in a child process with this one's Node flags (`--expose-gc`) and reads back its result. */
async function runApart(benchmark: Benchmark, cacheDir: string): Promise<BenchResult> {
  const resultFile = path.join(cacheDir, `row-${process.pid}-${benchmark.name}.json`);
  fs.rmSync(resultFile, { force: true });
  const child = spawn(process.execPath, [...process.execArgv, __filename, benchmark.name, `${ROW_RESULT_FLAG}${resultFile}`], { stdio: 'inherit' });
  const exit = await new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code ?? '?'}`));
  });
  try {
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as BenchResult;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { name: benchmark.name, title: benchmark.title, size: '—', target: benchmark.target, status: 'error', note: `the row's process ended (${exit}) without a result: ${why}` };
  } finally {
    fs.rmSync(resultFile, { force: true });
  }
}

/** Deletes the million-message topic the rows of this run filled, when this run made the run id. */
async function deleteRunTopic(runId: string): Promise<void> {
  if (!(await portOpen(ports.kafka.port))) return;
  const name = millionTopicNameOf(runId);
  const admin = rawKafka().admin();
  try {
    await admin.connect();
    if ((await admin.listTopics()).includes(name)) await admin.deleteTopics({ topics: [name] });
  } catch (error) {
    console.error(`could not delete the run's Kafka topic ${name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// process.exit skips 'beforeExit': the million-message topic a bench run made is deleted here, before it.
main().then(
  async (code) => {
    await deleteMillionIfOwned().catch((error: unknown) => console.error(`could not delete the run's Kafka topic: ${String(error)}`));
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
