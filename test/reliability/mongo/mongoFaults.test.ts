/**
 * The MongoDB store when the server goes away or never answers: a server of the test's own killed in the
 * middle of a read and of a run of appends, a closed port, a listener that accepts and never answers,
 * wrong credentials. Each gives a clear error within the configured timeout (here 3 s, the default is
 * 10 s), and the same store works again once the server is back. The password never shows.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_FIELD_MAPPING } from '../../../src/connectors/mongo/fieldMapping';
import { MongoStoreError } from '../../../src/connectors/mongo/mongoErrors';
import { MongoEventStore } from '../../../src/connectors/mongo/mongoEventStore';
import type { MongoStoreOptions } from '../../../src/connectors/mongo/mongoOptions';
import type { FlowEvent } from '../../../src/core/envelope';
import * as ports from '../../services/ports';
import { FerretProcess } from '../../integration/support/ferretProcess';
import { SilentServer } from '../../integration/support/silentServer';
import { freePort } from '../../support/freePort';
import { figure } from '../support/figures';
import { resourcesBaseline, settledLeaks, type ResourceCounts } from '../support/handles';
import { rigMissing } from './rig';
import { skipOrFailWithoutRig } from '../../support/rig';
import { SECRET, secretSpellings, shown, shownTexts } from './secretWatch';

const TIMEOUT_MS = 3000;
/** Time allowed past the configured timeout: the driver's own bookkeeping, a loaded machine. */
const SLACK_MS = 2500;
const MAX_CLEAR_ERROR_MS = 10_000;

function options(connectionString: string, overrides: Partial<MongoStoreOptions> = {}): MongoStoreOptions {
  return {
    connectionString,
    database: 'efx_rel_faults',
    eventsCollection: 'events',
    snapshotsCollection: 'snapshots',
    mapping: { ...DEFAULT_FIELD_MAPPING },
    timeoutMs: TIMEOUT_MS,
    ...overrides,
  };
}

/** Runs `action`, which must fail; returns the error and how long it took, and records what it showed. */
async function failure(name: string, action: () => Promise<unknown>, faultAt?: () => number | undefined): Promise<{ error: MongoStoreError; ms: number }> {
  let started = performance.now();
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  // Timed from the fault when the action did useful work before it (appends before the server stopped).
  started = faultAt?.() ?? started;
  const ms = performance.now() - started;
  assert.ok(thrown instanceof MongoStoreError, `${name}: expected a MongoStoreError, got ${String(thrown)}`);
  shown(name, thrown.message);
  figure(`mongo.fault.${name}.errorMs`, Math.round(ms));
  figure(`mongo.fault.${name}.kind`, thrown.kind);
  assert.ok(ms <= Math.min(TIMEOUT_MS + SLACK_MS, MAX_CLEAR_ERROR_MS), `${name}: the error took ${ms} ms`);
  return { error: thrown, ms };
}

async function readAll(store: MongoEventStore, aggregateId: string, batchSize = 1000): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(aggregateId, { batchSize })) events.push(...batch);
  return events;
}

/** A store closed whatever happens, so the leak check after each test sees only real leaks. */
async function withStore(storeOptions: MongoStoreOptions, use: (store: MongoEventStore) => Promise<void>): Promise<void> {
  const store = new MongoEventStore(storeOptions);
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

function showStore(name: string, store: MongoEventStore): void {
  shown(`${name}.label`, store.label);
  for (const problem of store.problems()) shown(`${name}.problem`, problem.message);
}

describe('MongoDB store under faults', function () {
  this.timeout(120_000);
  let resources: ResourceCounts;

  before(async function () {
    skipOrFailWithoutRig(this, 'mongo.faults', await rigMissing());
  });

  beforeEach(async () => {
    resources = await resourcesBaseline();
  });

  afterEach(async () => {
    assert.deepEqual(await settledLeaks(resources, 5000), [], 'handles left open after the fault test');
  });

  describe('a server of its own, stopped and started again', () => {
    let ferret: FerretProcess;

    before(async () => {
      ferret = await FerretProcess.create();
      await ferret.start();
    });

    after(async () => {
      await ferret?.dispose();
    });

    it('stopped mid-read: a clear error within the timeout; the same store reads again after a restart', async () => {
      await withStore(options(ferret.url), async (store) => {
        await store.ensureIndexes();
        for (let from = 0; from < 2000; from += 500) {
          const batch = Array.from({ length: 500 }, (_, i) => ({ id: `r-${from + i + 1}`, type: 'Read', data: { n: from + i + 1 } }));
          await store.append('Read-1', 'Read', batch, from);
        }
        const { error } = await failure('stoppedMidRead', async () => {
          for await (const batch of store.readStream('Read-1', { batchSize: 100 })) {
            assert.ok(batch.length > 0);
            await ferret.kill();
          }
        });
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${ferret.port}`), 'the error names the server');
        await ferret.start();
        const events = await readAll(store, 'Read-1');
        assert.equal(events.length, 2000);
        showStore('stoppedMidRead', store);
      });
    });

    it('stopped mid-append: a clear error within the timeout, nothing acknowledged lost; appends work after a restart', async () => {
      await withStore(options(ferret.url), async (store) => {
        const acked: string[] = [];
        let version = (await readAll(store, 'Append-1')).length;
        let killedAt: number | undefined;
        const append = async (): Promise<void> => {
          for (let n = 1; ; n++) {
            if (n === 6) {
              // Not awaited: the server dies while the next append is on its way.
              killedAt = performance.now();
              void ferret.kill();
            }
            await store.append('Append-1', 'Append', [{ id: `a-${n}`, type: 'Appended', data: { n } }], version);
            version += 1;
            acked.push(`a-${n}`);
          }
        };
        const { error } = await failure('stoppedMidAppend', append, () => killedAt);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${ferret.port}`));
        await ferret.start();
        const stored = (await readAll(store, 'Append-1')).map((e) => e.id);
        assert.deepEqual(stored.slice(0, acked.length), acked, 'an acknowledged append is missing');
        assert.ok(stored.length <= acked.length + 1, 'more stored than attempted');
        await store.append('Append-1', 'Append', [{ id: 'after-restart', type: 'Appended', data: {} }], stored.length);
        assert.equal((await readAll(store, 'Append-1')).at(-1)?.id, 'after-restart');
        figure('mongo.fault.stoppedMidAppend.acknowledgedBeforeStop', acked.length);
        showStore('stoppedMidAppend', store);
      });
    });
  });

  it('closed port: "refused", within the timeout', async () => {
    const port = await freePort();
    const store = new MongoEventStore(options(`mongodb://efx:${encodeURIComponent(SECRET)}@127.0.0.1:${port}/?directConnection=true`));
    const { error } = await failure('closedPort', () => store.listAggregateTypes());
    assert.equal(error.kind, 'refused');
    assert.match(error.message, /refused the connection/);
    showStore('closedPort', store);
    await store.close();
  });

  it('a listener that accepts and never answers: "did not answer in time", within the timeout', async () => {
    const silent = new SilentServer();
    await silent.listen();
    const store = new MongoEventStore(options(`mongodb://efx@127.0.0.1:${silent.port}/?directConnection=true`, { password: SECRET }));
    try {
      const { error, ms } = await failure('silentListener', () => store.listAggregateTypes());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not answer in time/);
      assert.ok(ms >= TIMEOUT_MS * 0.8, `gave up after ${ms} ms, before the configured ${TIMEOUT_MS}`);
      showStore('silentListener', store);
    } finally {
      await store.close();
      await silent.close();
    }
  });

  it('wrong credentials: says the user name or password is wrong', async () => {
    const url = `mongodb://${ports.mongoAuth.username}@${ports.host}:${ports.mongoAuth.port}/?authSource=${ports.mongoAuth.authSource}&directConnection=true`;
    const store = new MongoEventStore(options(url, { password: 'wrong-efx-secret' }));
    const { error } = await failure('wrongCredentials', () => store.listAggregateTypes());
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /Authentication failed .*check the user name and password/);
    showStore('wrongCredentials', store);
    await store.close();
    // The password in the string itself, not apart from it: the label must mask it.
    const inline = new MongoEventStore(
      options(`mongodb://${ports.mongoAuth.username}:${encodeURIComponent(SECRET)}@${ports.host}:${ports.mongoAuth.port}/?authSource=admin&directConnection=true`),
    );
    const second = await failure('wrongCredentialsInString', () => inline.listAggregateTypes());
    assert.equal(second.error.kind, 'auth');
    assert.match(inline.label, /efx:\*\*\*\*@/);
    showStore('wrongCredentialsInString', inline);
    await inline.close();
  });

  describe('secrets', () => {
    it('the password appears in no error message, label or problem of the paths above', () => {
      const texts = shownTexts();
      figure('secrets.mongo.textsChecked', texts.length);
      assert.ok(texts.length >= 12, `only ${texts.length} texts were collected`);
      const leaks = texts.filter(({ text }) => secretSpellings().some((secret) => text.includes(secret)));
      figure('secrets.mongo.passwordShown', leaks.length);
      assert.deepEqual(leaks, []);
    });
  });
});
