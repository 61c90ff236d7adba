// How the MongoDB store fails: a server killed mid-read (and back again), a closed port, a listener that
// never answers, wrong and right passwords, TLS with and without the CA, an unresolvable host. Each
// failure is classified, bounded in time, and leaves no socket or timer open once the store is closed.
import * as assert from 'node:assert/strict';
import { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { MongoStoreError, type MongoFailureKind } from '../../src/connectors/mongo/mongoErrors';
import type { MongoStoreOptions } from '../../src/connectors/mongo/mongoOptions';
import { freePort } from '../support/freePort';
import * as ports from '../services/ports';
import { FerretProcess } from './support/ferretProcess';
import { insertInBatches, portOpen, randomDatabaseName, storeOptions } from './support/mongoFixture';
import { openResources, settledLeaks } from './support/openResources';
import { SilentServer } from './support/silentServer';

const TIMEOUT_MS = 3000;

function figure(name: string, value: string | number): void {
  console.log(`      ${name}: ${value}`);
}

/** Runs `operation`, expects a MongoStoreError of `kind` (or one of them) within `boundMs`; returns it and the time taken. */
async function expectFailure(kind: MongoFailureKind | MongoFailureKind[], boundMs: number, operation: () => Promise<unknown>): Promise<{ error: MongoStoreError; ms: number }> {
  const started = Date.now();
  let caught: unknown;
  try {
    await operation();
  } catch (error) {
    caught = error;
  }
  const ms = Date.now() - started;
  assert.ok(caught instanceof MongoStoreError, `expected a MongoStoreError, got ${String(caught)}`);
  assert.ok((Array.isArray(kind) ? kind : [kind]).includes(caught.kind), `kind ${caught.kind}: ${caught.message}`);
  assert.ok(ms < boundMs, `failed after ${ms} ms, bound ${boundMs} ms`);
  return { error: caught, ms };
}

/** A store on the auth FerretDB; the password travels apart from the connection string. */
function authOptions(password: string, overrides: Partial<MongoStoreOptions> = {}): MongoStoreOptions {
  return storeOptions(randomDatabaseName('efx_auth'), {
    connectionString: `mongodb://${ports.mongoAuth.username}@${ports.host}:${ports.mongoAuth.port}/?authSource=${ports.mongoAuth.authSource}&directConnection=true`,
    password,
    timeoutMs: TIMEOUT_MS,
    ...overrides,
  });
}

describe('MongoEventStore on FerretDB: failures', function () {
  this.timeout(90_000);
  let baseline: Map<string, number>;

  beforeEach(() => {
    baseline = openResources();
  });

  afterEach(async () => {
    assert.deepEqual(await settledLeaks(baseline), [], 'nothing left open after the store was closed');
  });

  describe('a server killed in the middle of a read', () => {
    let server: FerretProcess;
    const database = randomDatabaseName('efx_kill');
    const events = 20_000;

    before(async function () {
      this.timeout(120_000);
      server = await FerretProcess.create();
      await server.start();
      const seeder = new MongoEventStore(storeOptions(database, { connectionString: server.url, timeoutMs: 60_000 }));
      try {
        await seeder.ensureIndexes();
        const client = await seeder.mongoClient();
        const docs = function* (): Generator<Record<string, unknown>> {
          for (let v = 1; v <= events; v++) yield { aggregate_id: 'Big-1', aggregate_type: 'Big', event_type: 'Tick', data: { v }, version: v, timestamp: new Date() };
        };
        await insertInBatches(client.db(database), 'events', docs(), 10_000);
      } finally {
        await seeder.close();
      }
    });
    after(() => server?.dispose());

    it('fails with a clear error within the timeout, and the same store works after a restart', async function () {
      this.timeout(180_000);
      // Generous per-call bound for the seeded read on a slow server; the kill is what must fail fast.
      const store = new MongoEventStore(storeOptions(database, { connectionString: server.url, timeoutMs: TIMEOUT_MS * 10 }));
      try {
        let read = 0;
        let killedAt = 0;
        const { error } = await expectFailure(['other', 'refused'], TIMEOUT_MS * 10 + 5000, async () => {
          for await (const batch of store.readStream('Big-1', { batchSize: 500 })) {
            read += batch.length;
            if (read === 1000) {
              await server.kill();
              killedAt = Date.now();
            }
          }
        });
        figure('read before the kill', read);
        figure('failed ms after the kill', Date.now() - killedAt);
        figure('message', error.message);
        assert.ok(read >= 1000 && read < events, `read ${read} events before the failure`);
        await server.start();
        const afterRestart = Date.now();
        const [first] = await collectFirst(store, 'Big-1');
        figure('first read after restart ms', Date.now() - afterRestart);
        assert.equal(first?.version, 1);
      } finally {
        await store.close();
      }
    });
  });

  it('a closed port: kind refused, quickly', async () => {
    const port = await freePort();
    assert.equal(await portOpen(port), false);
    const store = new MongoEventStore(storeOptions('efx_refused', { connectionString: `mongodb://127.0.0.1:${port}/?directConnection=true`, timeoutMs: TIMEOUT_MS }));
    try {
      const { ms, error } = await expectFailure('refused', 1500, () => store.listAggregateTypes());
      figure('refused after ms', ms);
      assert.match(error.message, /refused/);
    } finally {
      await store.close();
    }
  });

  it('a listener that accepts and never answers: kind timeout within the bound', async () => {
    const silent = new SilentServer();
    await silent.listen();
    const store = new MongoEventStore(storeOptions('efx_silent', { connectionString: `mongodb://127.0.0.1:${silent.port}/?directConnection=true`, timeoutMs: TIMEOUT_MS }));
    try {
      const { ms } = await expectFailure('timeout', TIMEOUT_MS + 3000, () => store.listAggregateTypes());
      figure('timed out after ms', ms);
    } finally {
      await store.close();
      await silent.close();
    }
  });

  it('a wrong password: kind auth, and the message never contains the password', async () => {
    const secret = 'not-the-Secret-7%@x';
    const store = new MongoEventStore(authOptions(secret));
    try {
      const { error } = await expectFailure('auth', TIMEOUT_MS + 5000, () => store.listAggregateTypes());
      assert.ok(!error.message.includes(secret), error.message);
      assert.ok(!error.message.includes(encodeURIComponent(secret)), error.message);
      assert.ok(!String(error.stack).includes(secret));
      assert.ok(!store.label.includes(secret));
      figure('message', error.message);
    } finally {
      await store.close();
    }
  });

  it('a password inside the connection string is masked in labels and errors too', async () => {
    const secret = 'inline-wrong-pass';
    const store = new MongoEventStore(
      authOptions(secret, {
        connectionString: `mongodb://${ports.mongoAuth.username}:${secret}@${ports.host}:${ports.mongoAuth.port}/?authSource=admin&directConnection=true`,
        password: undefined,
      }),
    );
    try {
      const { error } = await expectFailure('auth', TIMEOUT_MS + 5000, () => store.listAggregateTypes());
      assert.ok(!error.message.includes(secret), error.message);
      assert.ok(!store.label.includes(secret), store.label);
    } finally {
      await store.close();
    }
  });

  it('the right password works: append and read back', async () => {
    const options = authOptions(ports.mongoAuth.password);
    const store = new MongoEventStore(options);
    try {
      await store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: { ok: true } }], 0);
      assert.deepEqual((await store.listAggregates('Order')).items.map((a) => a.id), ['Order-1']);
      const client = await store.mongoClient();
      await client.db(options.database).dropDatabase();
    } finally {
      await store.close();
    }
  });

  it('TLS with the CA file works', async () => {
    const options = authOptions(ports.mongoAuth.password, {
      connectionString: `mongodb://${ports.mongoAuth.username}@${ports.host}:${ports.mongoAuth.tlsPort}/?authSource=admin&directConnection=true`,
      tls: { enabled: true, caFile: ports.mongoAuthCaFile },
    });
    const store = new MongoEventStore(options);
    try {
      assert.deepEqual(await store.listAggregateTypes(), []);
      await store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
      assert.equal((await store.listAggregates('Order')).items.length, 1);
      const client = await store.mongoClient();
      await client.db(options.database).dropDatabase();
    } finally {
      await store.close();
    }
  });

  it('TLS without the CA file: kind tls', async () => {
    const store = new MongoEventStore(
      authOptions(ports.mongoAuth.password, {
        connectionString: `mongodb://${ports.mongoAuth.username}@${ports.host}:${ports.mongoAuth.tlsPort}/?authSource=admin&directConnection=true`,
        tls: { enabled: true },
      }),
    );
    try {
      const { error } = await expectFailure('tls', 1500, () => store.listAggregateTypes());
      assert.match(error.message, /certificate/i);
    } finally {
      await store.close();
    }
  });

  it('an unresolvable host: kind dns', async () => {
    const store = new MongoEventStore(storeOptions('efx_dns', { connectionString: 'mongodb://no-such-host.invalid:27017', timeoutMs: TIMEOUT_MS }));
    try {
      const { ms } = await expectFailure('dns', 1500, () => store.listAggregateTypes());
      figure('dns failure after ms', ms);
    } finally {
      await store.close();
    }
  });
});

async function collectFirst(store: MongoEventStore, id: string): Promise<{ version?: number }[]> {
  for await (const batch of store.readStream(id, { batchSize: 10 })) return batch;
  return [];
}
