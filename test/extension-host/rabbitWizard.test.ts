// The broker wizard's questions answered by a script (in the extension host: it reports cancellation
// with the editor's types), tested against the rig's RabbitMQ: what it saves
// (no password in the profile), and, when a half fails, which one and why, with Try Again / Save Anyway.
import * as assert from 'node:assert/strict';
import { describeHalves, runRabbitWizard, type RabbitDraft, type RabbitWizardServices } from '../../src/commands/rabbitmq/rabbitWizard';
import { rabbitOptionsOf, rabbitProfileForSettings } from '../../src/connections/rabbitmq/rabbitProfile';
import { RabbitBroker } from '../../src/connectors/rabbitmq/rabbitBroker';
import type { WizardPrompts } from '../../src/ui/wizardPrompts';
import * as ports from '../services/ports';
import { freePort } from '../support/freePort';
import { skipOrFailWithoutRig } from '../support/rig';

const services: RabbitWizardServices = {
  progress: (_title, task) => task(new AbortController().signal),
  readFile: () => Promise.reject(new Error('no files in this test')),
  async test(draft: RabbitDraft, signal: AbortSignal) {
    const password = typeof draft.secrets.password === 'string' ? draft.secrets.password : undefined;
    const broker = new RabbitBroker({ ...rabbitOptionsOf(draft.profile, password === undefined ? {} : { password }), timeoutMs: 3000 });
    try {
      return await broker.checkHalves(signal);
    } finally {
      await broker.close();
    }
  },
};

/** Answers by prompt text; records what was asked and the modal questions shown. */
function scripted(answers: Record<string, string>, picks: Record<string, unknown>, choices: string[]): WizardPrompts & { asked: string[]; shown: string[] } {
  const asked: string[] = [];
  const shown: string[] = [];
  const answer = (prompt: string): string => {
    const key = Object.keys(answers).find((k) => prompt.startsWith(k));
    if (key === undefined) throw new Error(`no answer for "${prompt}"`);
    return answers[key];
  };
  return {
    asked,
    shown,
    ask(options) {
      asked.push(options.prompt);
      const text = answer(options.prompt);
      const problem = options.validate?.(text);
      if (problem) throw new Error(`the wizard refused "${text}": ${problem}`);
      return Promise.resolve(text);
    },
    pick<T>(title: string, items: readonly { label: string; value: T }[]) {
      asked.push(title);
      const key = Object.keys(picks).find((k) => title.includes(k));
      const item = items.find((i) => i.value === (key === undefined ? undefined : picks[key]));
      if (!item) throw new Error(`no pick for "${title}"`);
      return Promise.resolve(item.value);
    },
    pickOrType: () => Promise.reject(new Error('not asked by this wizard')),
    choose(message) {
      shown.push(message);
      return Promise.resolve(choices.shift());
    },
    openFile: () => Promise.reject(new Error('not asked here')),
  };
}

describe('RabbitMQ broker wizard', function () {
  this.timeout(60_000);
  before(async function () {
    const answers = await fetch(`${ports.rabbitmq.managementUrl}/api/overview`, { signal: AbortSignal.timeout(5000) }).then(
      () => true,
      () => false,
    );
    skipOrFailWithoutRig(this, 'RabbitMQ wizard', answers ? undefined : `the test rig's RabbitMQ on ${ports.rabbitmq.managementUrl} does not answer; run npm run services:up`);
  });

  it('asks URL, management URL, user, password, production and a name, tests both halves, and keeps the password out of the profile', async () => {
    const prompts = scripted(
      { 'AMQP URL': `amqp://${ports.host}:${ports.rabbitmq.port}/`, 'Management API URL': ports.rabbitmq.managementUrl, User: ports.rabbitmq.username, 'Password for': ports.rabbitmq.password, 'A name': 'Rig' },
      { 'production?': true },
      [],
    );
    const draft = await runRabbitWizard(services, prompts);
    assert.deepEqual(prompts.shown, [], 'the test of a working broker should pass silently');
    assert.equal(draft.profile.production, true);
    assert.equal(draft.secrets.password, ports.rabbitmq.password);
    // The rig's password is also its user name ("guest"): look for where a password could hide instead.
    const saved = rabbitProfileForSettings(draft.profile);
    assert.ok(!('password' in saved) && !String(saved.amqpUrl).includes('@'), `a password in ${JSON.stringify(saved)}`);
  });

  it('says which half failed and why, and saves anyway only when told', async () => {
    const closed = await freePort();
    const prompts = scripted(
      { 'AMQP URL': `amqp://${ports.host}:${ports.rabbitmq.port}/`, 'Management API URL': `http://${ports.host}:${closed}`, User: ports.rabbitmq.username, 'Password for': ports.rabbitmq.password, 'A name': 'Half down' },
      { 'production?': false },
      ['Try Again', 'Save Anyway'],
    );
    const draft = await runRabbitWizard(services, prompts);
    assert.equal(prompts.shown.length, 2, 'Try Again should test again');
    assert.match(prompts.shown[0], /AMQP: ok \(RabbitMQ [\d.]+\); management API: FAILED \(.*refused/i);
    assert.equal(draft.profile.name, 'Half down');

    const wrong = scripted(
      { 'AMQP URL': `amqp://${ports.host}:${ports.rabbitmq.port}/`, 'Management API URL': ports.rabbitmq.managementUrl, User: ports.rabbitmq.username, 'Password for': 'not-the-password-4713', 'A name': 'Wrong' },
      { 'production?': false },
      [],
    );
    await assert.rejects(runRabbitWizard(services, wrong), { name: 'CancelledError' });
    assert.match(wrong.shown[0], /AMQP: FAILED \(.*(403|ACCESS.REFUSED|access refused).*\); management API: FAILED \(.*401/i);
    assert.ok(!wrong.shown[0].includes('not-the-password-4713'));
    assert.match(describeHalves({ amqp: { ok: true, detail: 'x' }, management: { ok: true, detail: 'y' } }), /^AMQP: ok \(x\); management API: ok \(y\)$/);
  });
});
