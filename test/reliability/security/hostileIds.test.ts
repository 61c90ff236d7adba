/**
 * Hostile ids, types, keys and values through every generator that writes event data into a program or a
 * document: Debug Reducer's replay program (run with Node), the re-produce document (parsed back), the
 * Markdown reports and the aggregate tooltip, JS literals (evaluated) and CSV rows (read back). A case
 * "executed" when a payload ran (the tripwire file appeared) or the data changed the generated thing's
 * shape (another message, a field, a rendered link, a formula cell).
 */
import * as assert from 'node:assert/strict';
import { AssertionError } from 'node:assert';
import * as vm from 'node:vm';
import * as fc from 'fast-check';
import { csvRow } from '../../../src/core/csv';
import { jsLiteral } from '../../../src/core/dataText';
import { debugReplayCase, markdownCase, RECORDING_REDUCER_JS, reproduceCase } from '../../support/hostileGenerators';
import { hostileSamples, hostileText, tripwire } from '../../support/hostileText';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';

/** Random cases per generator beyond the fixed samples; the replay program starts one Node process per case. */
const RANDOM_CASES = Math.min(Number(process.env.EFX_FUZZ_CASES ?? 10_000), 1_000);
const RANDOM_PROGRAM_CASES = Math.min(RANDOM_CASES, 12);

interface Count {
  cases: number;
  executed: number;
  examples: string[];
}

/** Runs one case; a shape that changed counts as executed (and is kept as an example), anything else fails. */
async function tally(count: Count, text: string, run: (text: string) => void | Promise<void>): Promise<void> {
  count.cases += 1;
  try {
    await run(text);
  } catch (error) {
    if (!(error instanceof AssertionError)) throw error;
    count.executed += 1;
    if (count.examples.length < 3) count.examples.push(`${JSON.stringify(text)}: ${error.message.split('\n')[0]}`);
  }
}

function cases(payload: string, random: number, samples = hostileSamples(payload)): string[] {
  return [...samples, ...fc.sample(hostileText(payload), { numRuns: random, seed: 22 })];
}

describe('security: hostile ids through every generator', function () {
  this.timeout(600_000);

  it('no id, type, key or value becomes code, markup or structure in any generated program or document', async () => {
    const wire = tripwire();
    const workspace = tempWorkspace();
    const counts: Record<string, Count> = {};
    const count = (name: string): Count => (counts[name] ??= { cases: 0, executed: 0, examples: [] });
    try {
      const reducerFile = workspace.write('reducers/recording.js', RECORDING_REDUCER_JS);
      // Each breaker before the payload once (a Node process per case keeps the layer within its time).
      const programSamples = hostileSamples(wire.jsPayload).filter((_, index) => index % 2 === 0);
      for (const text of cases(wire.jsPayload, RANDOM_PROGRAM_CASES, programSamples)) await tally(count('debugReplayProgram'), text, (t) => debugReplayCase(t, reducerFile));
      for (const text of cases(wire.jsPayload, RANDOM_CASES)) {
        await tally(count('reproduceDocument'), text, (t) => reproduceCase(t, true));
        await tally(count('reproduceDocument'), text, (t) => reproduceCase(t, false));
        await tally(count('markdownReportAndTooltip'), text, markdownCase);
        await tally(count('jsLiteral'), text, (t) => {
          const value = new vm.Script(`(${jsLiteral({ id: t, type: t })})`).runInNewContext({ require }) as { id: unknown };
          assert.equal(value.id, t);
        });
        await tally(count('csvRow'), text, (t) => {
          const line = csvRow([t, 'x']);
          // The first cell may start with a formula character only as a plain number (which is no formula).
          assert.ok(!/^"?[=+\-@\t\r]/.test(line) || /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?,/.test(line), line);
        });
      }
    } finally {
      workspace.remove();
    }
    const ran = wire.fired();
    wire.remove();
    let total = 0;
    let executed = ran;
    for (const [name, { cases: n, executed: e }] of Object.entries(counts)) {
      figure(`hostileIds.${name}.cases`, n);
      figure(`hostileIds.${name}.executed`, e);
      total += n;
      executed += e;
    }
    figure('hostileIds.payloadsRun', ran);
    figure('hostile ids through every generator', `${total} cases, ${executed} executed`);
    assert.deepEqual(Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, c.examples])), Object.fromEntries(Object.keys(counts).map((name) => [name, []])));
    assert.equal(executed, 0);
  });
});
