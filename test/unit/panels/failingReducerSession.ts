/** A timeline over the sample Order flow whose workspace reducer throws at v3, folded in a real sandbox. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { precomputeReducer } from '../../../src/sandbox/precomputedReducer';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';
import type { ReducerNote } from '../../../src/protocol/timeline';
import { sampleOrderStream } from './timelineEvents';

/** Throws on line 5 at the third event; a message long enough to need more than one line at 600 px. */
export const THROWS_AT_V3 = `module.exports = {
  Order: {
    initial: { events: 0 },
    apply(state, event) {
      if (event.version === 3) throw new Error('cannot add ' + event.type + ': ' + 'the price list for this catalogue has not been loaded yet, so the item has no price to add to the total'.repeat(2));
      return { events: state.events + 1, last: event.type };
    },
  },
};
`;

export interface FailingReducerTimeline {
  session: TimelineSession;
  file: string;
  dispose(): Promise<void>;
}

export async function failingReducerTimeline(reducerNotes: ReducerNote[] = []): Promise<FailingReducerTimeline> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-failing-'));
  const file = path.join(root, 'order.js');
  fs.writeFileSync(file, THROWS_AT_V3);
  const sandbox = new ReducerSandbox();
  try {
    const { aggregateId, aggregateType, events } = sampleOrderStream();
    await sandbox.load([file]);
    const stream = await sandbox.openStream(aggregateType, events);
    const prepared = await precomputeReducer(stream, events, 'workspace:order.js');
    await stream.close();
    const session = new TimelineSession({
      storeLabel: 'Local',
      aggregateId,
      aggregateType,
      events,
      reducer: prepared.reducer,
      readProblems: prepared.problems,
      ...(prepared.failedAt !== undefined ? { reducerFailedAt: prepared.failedAt } : {}),
      reducerNotes,
    });
    return { session, file, dispose: () => Promise.resolve(fs.rmSync(root, { recursive: true, force: true })) };
  } finally {
    await sandbox.dispose();
  }
}
