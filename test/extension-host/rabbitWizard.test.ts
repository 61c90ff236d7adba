// The broker wizard's questions answered by a script (in the extension host: it reports cancellation
// with the editor's types), tested against the rig's RabbitMQ: what it saves
// (no password in the profile), and, when a half fails, which one and why, with Try Again / Save Anyway.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describeHalves, runRabbitWizard, type RabbitDraft, type RabbitWizardServices } from '../../src/commands/rabbitmq/rabbitWizard';
import { rabbitOptionsOf, rabbitProfileForSettings } from '../../src/connections/rabbitmq/rabbitProfile';
import { readTlsFiles } from '../../src/connections/rabbitmq/rabbitProfileStore';
import { RabbitBroker } from '../../src/connectors/rabbitmq/rabbitBroker';
import type { WizardPrompts } from '../../src/ui/wizardPrompts';
import * as ports from '../services/ports';
import { freePort } from '../support/freePort';
import { skipOrFailWithoutRig } from '../support/rig';

const services: RabbitWizardServices = {
  progress: (_title, task) => task(new AbortController().signal),
  readFile: (file) => fs.promises.readFile(file, 'utf8'),
  async test(draft: RabbitDraft, signal: AbortSignal) {
    const password = typeof draft.secrets.password === 'string' ? draft.secrets.password : undefined;
    const tlsKey = typeof draft.secrets.tlsKey === 'string' ? draft.secrets.tlsKey : undefined;
    const secrets = { ...(password === undefined ? {} : { password }), ...(tlsKey === undefined ? {} : { tlsKey }) };
    const broker = new RabbitBroker({ ...rabbitOptionsOf(draft.profile, secrets, await readTlsFiles(draft.profile)), timeoutMs: 3000 });
    try {
      return await broker.checkHalves(signal);
    } finally {
      await broker.close();
    }
  },
};

/** Answers by prompt text; records what was asked and the modal questions shown. */
function scripted(answers: Record<string, string>, picks: Record<string, unknown>, choices: string[], files: Record<string, string> = {}): WizardPrompts & { asked: string[]; shown: string[] } {
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
    openFile(title: string) {
      asked.push(title);
      const file = files[title];
      return file === undefined ? Promise.reject(new Error(`no file for "${title}"`)) : Promise.resolve(file);
    },
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

  it('over AMQPS: the CA file and the client certificate and key picked in the wizard connect; without the CA the test says why', async () => {
    const amqps = { 'AMQP URL': ports.rabbitmq.tlsUrl, 'Management API URL': ports.rabbitmq.managementUrl, User: ports.rabbitmq.username, 'Password for': ports.rabbitmq.password, 'Passphrase of the client key': '', 'A name': 'Rig over TLS' };
    const files = { 'CA certificate (PEM)': ports.rabbitmqTls.caFile, 'Client certificate (PEM)': ports.rabbitmqTls.clientCertFile, 'Client key (PEM)': ports.rabbitmqTls.clientKeyFile };
    const prompts = scripted(amqps, { 'production?': false, 'TLS server certificate': 'ca', 'client certificate': true }, [], files);
    const draft = await runRabbitWizard(services, prompts);
    assert.deepEqual(prompts.shown, [], 'the test of the TLS broker should pass silently');
    assert.deepEqual(draft.profile.tls, { caFile: ports.rabbitmqTls.caFile, certFile: ports.rabbitmqTls.clientCertFile });
    assert.match(String(draft.secrets.tlsKey), /-----BEGIN PRIVATE KEY-----/);
    const saved = JSON.stringify(rabbitProfileForSettings(draft.profile));
    assert.ok(!saved.includes('PRIVATE KEY') && !saved.includes(ports.rabbitmqTls.clientKeyFile), `the client key reached the settings: ${saved}`);

    const untrusted = scripted(amqps, { 'production?': false, 'TLS server certificate': 'system', 'client certificate': true }, [], files);
    await assert.rejects(runRabbitWizard(services, untrusted), { name: 'CancelledError' });
    assert.match(untrusted.shown[0], /AMQP: FAILED \(AMQP: the TLS handshake with 127\.0\.0\.1:35675 failed: the broker's certificate is not trusted/);
    assert.match(untrusted.shown[0], /management API: ok/);
  });
});
