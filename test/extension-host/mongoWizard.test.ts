import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { mongoWizardServices } from '../../src/commands/mongo/mongoCommands';
import { runMongoWizard } from '../../src/commands/mongo/mongoWizard';
import type { AskOptions } from '../../src/ui/prompts';
import type { PickItem, PickOrTypeOptions, WizardPrompts } from '../../src/ui/wizardPrompts';
import { host, mongoAuth } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';

const connectionString = `mongodb://${mongoAuth.username}@${host}:${mongoAuth.port}/?authSource=${mongoAuth.authSource}&directConnection=true`;

/** Answers the wizard from a script and keeps what it was offered, so the test sees the server's lists. */
class ScriptedPrompts implements WizardPrompts {
  readonly offered: { title: string; choices: string[] }[] = [];
  readonly picks: { title: string; labels: string[]; details: string[] }[] = [];
  readonly errors: string[] = [];

  constructor(
    private readonly answers: {
      ask: (options: AskOptions) => string;
      pickOrType: (options: PickOrTypeOptions) => string;
      pick: (title: string, labels: string[]) => string;
      choose: (message: string) => string | undefined;
    },
  ) {}

  ask(options: AskOptions): Promise<string> {
    return Promise.resolve(this.answers.ask(options));
  }

  pick<T>(title: string, items: readonly PickItem<T>[]): Promise<T> {
    const labels = items.map((i) => i.label);
    this.picks.push({ title, labels, details: items.map((i) => `${i.label} | ${i.description ?? ''} | ${i.detail ?? ''}`) });
    const label = this.answers.pick(title, labels);
    const item = items.find((i) => i.label === label);
    if (!item) return Promise.reject(new Error(`"${label}" is not offered in "${title}": ${labels.join(', ')}`));
    return Promise.resolve(item.value);
  }

  pickOrType(options: PickOrTypeOptions): Promise<string> {
    this.offered.push({ title: options.title, choices: [...options.choices] });
    return Promise.resolve(this.answers.pickOrType(options));
  }

  choose(message: string): Promise<string | undefined> {
    this.errors.push(message);
    return Promise.resolve(this.answers.choose(message));
  }

  openFile(): Promise<string> {
    return Promise.reject(new Error('no file dialog in this script'));
  }
}

const direct = <T>(_title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> => task(new AbortController().signal);

/** The MongoDB wizard against the rig's FerretDB with SCRAM: databases and collections come from the server. */
describe('MongoDB connection wizard', function () {
  this.timeout(120_000);
  const database = `efx_wizard_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;

  before(async function () {
    client = new MongoClient(connectionString, { auth: { username: mongoAuth.username, password: mongoAuth.password }, serverSelectionTimeoutMS: 5000 });
    const answers = await client.connect().then(
      () => true,
      () => false,
    );
    skipOrFailWithoutRig(this, 'MongoDB wizard', answers ? undefined : `the test rig's FerretDB on ${host}:${mongoAuth.port} does not answer; run npm run services:up`);
    // The camelCase layout many services write: the wizard should propose these names from a sample.
    await client.db(database).collection('events').insertOne({ aggregateId: 'Order-1', type: 'OrderCreated', payload: { customerId: 'c-1' }, version: 1, timestamp: new Date(0) });
    await client.db(database).collection('audit').insertOne({ at: new Date(0) });
  });

  after(async () => {
    await client?.db(database).dropDatabase().catch(() => undefined);
    await client?.close();
  });

  it('offers the server’s databases and collections, and the field names a sample suggests, each editable', async () => {
    let mappingShown = 0;
    const prompts: ScriptedPrompts = new ScriptedPrompts({
      ask: (o) => (o.password ? mongoAuth.password : o.prompt.startsWith('Connection string') ? connectionString : 'Wizard test'),
      pickOrType: (o) => (o.title.endsWith('database') ? database : o.title.endsWith('events collection') ? 'events' : o.title.endsWith('Metadata') ? '(none)' : 'snapshots'),
      pick: (title) => {
        if (title.endsWith('TLS')) return 'No TLS';
        // First change one row (metadata), then save.
        mappingShown += 1;
        return mappingShown === 1 ? 'Metadata' : '$(check) Save with these field names';
      },
      choose: () => undefined,
    });
    const draft = await runMongoWizard(mongoWizardServices({ password: () => Promise.resolve(undefined) }, direct), prompts);

    const databases = prompts.offered.find((o) => o.title.endsWith('database'));
    assert.ok(databases?.choices.includes(database), `databases offered: ${databases?.choices.join(', ')}`);
    assert.ok(!databases?.choices.includes('admin'), 'the server’s own databases are not offered');
    const collections = prompts.offered.find((o) => o.title.endsWith('events collection'));
    assert.deepEqual(collections?.choices, ['audit', 'events']);
    const firstMapping = prompts.picks.find((p) => p.title.includes('field names'));
    assert.ok(firstMapping, 'the field names were never shown');
    assert.ok(firstMapping.details.some((d) => d.startsWith('Aggregate id | aggregateId | "aggregateId" in the sample: "Order-1"')), firstMapping.details.join('\n'));
    assert.ok(firstMapping.details.some((d) => d.startsWith('Data | payload |')), firstMapping.details.join('\n'));
    assert.deepEqual(prompts.errors, []);

    assert.equal(draft.profile.database, database);
    assert.equal(draft.profile.eventsCollection, 'events');
    assert.equal(draft.profile.snapshotsCollection, 'snapshots');
    assert.equal(draft.profile.name, 'Wizard test');
    assert.equal(draft.password, mongoAuth.password);
    assert.equal(draft.profile.mapping.aggregateId, 'aggregateId');
    assert.equal(draft.profile.mapping.eventType, 'type');
    assert.equal(draft.profile.mapping.data, 'payload');
    assert.equal(draft.profile.mapping.metadata, undefined, 'the row changed to (none) is left out');
  });

  it('with a wrong password says what failed, without the password, and lets the names be typed', async () => {
    const wrong = `wrong-${randomUUID()}`;
    let failures = 0;
    const prompts: ScriptedPrompts = new ScriptedPrompts({
      ask: (o) => (o.password ? wrong : o.prompt.startsWith('Connection string') ? connectionString : 'Typed by hand'),
      pickOrType: (o) => (o.title.endsWith('database') ? database : o.title.endsWith('events collection') ? 'events' : 'snapshots'),
      pick: () => 'No TLS',
      choose: (message) => {
        failures += 1;
        if (!message.includes('Authentication')) return undefined;
        return failures === 1 ? 'Type the Names' : 'Save Anyway';
      },
    });
    const draft = await runMongoWizard(mongoWizardServices({ password: () => Promise.resolve(undefined) }, direct), prompts);
    assert.equal(prompts.errors.length, 2, prompts.errors.join('\n'));
    assert.match(prompts.errors[0], /Authentication failed/);
    assert.ok(prompts.errors.every((e) => !e.includes(wrong)), 'the password showed in a message');
    assert.deepEqual(prompts.offered.find((o) => o.title.endsWith('database'))?.choices, [], 'nothing listed without a connection');
    assert.equal(draft.profile.database, database);
    assert.equal(prompts.picks.filter((p) => p.title.includes('field names')).length, 0, 'no sample, no field names to check');
  });
});
