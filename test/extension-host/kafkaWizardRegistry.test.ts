import * as assert from 'node:assert/strict';
import { runKafkaWizard } from '../../src/commands/kafka/kafkaWizard';
import { kafkaWizardServices } from '../../src/commands/kafka/kafkaConnectionCommands';
import type { WizardPrompts } from '../../src/ui/wizardPrompts';
import { host, kafka, schemaRegistry } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { portOpen } from './kafkaSupport';
import { freePort } from '../support/freePort';

/** Answers by prompt text and picks by title; records the modal questions shown and the answers given there. */
function scripted(answers: Record<string, string>, picks: Record<string, unknown>, choices: string[]): WizardPrompts & { shown: string[] } {
  const shown: string[] = [];
  return {
    shown,
    ask(options) {
      const key = Object.keys(answers).find((k) => options.prompt.startsWith(k));
      if (key === undefined) return Promise.reject(new Error(`no answer for "${options.prompt}"`));
      const problem = options.validate?.(answers[key]);
      return problem ? Promise.reject(new Error(`the wizard refused "${answers[key]}": ${problem}`)) : Promise.resolve(answers[key]);
    },
    pick<T>(title: string, items: readonly { label: string; value: T }[]) {
      const key = Object.keys(picks).find((k) => title.includes(k));
      const item = items.find((i) => i.value === (key === undefined ? undefined : picks[key]));
      return item ? Promise.resolve(item.value) : Promise.reject(new Error(`no pick for "${title}"`));
    },
    pickOrType: () => Promise.reject(new Error('not asked by this wizard')),
    choose(message) {
      shown.push(message);
      return Promise.resolve(choices.shift());
    },
    openFile: () => Promise.reject(new Error('not asked here')),
  };
}

/** The Kafka wizard's schema-registry step against the rig: a registry that answers, and one that does not (kept, or left out). */
describe('Kafka wizard schema registry', function () {
  this.timeout(60_000);
  const services = kafkaWizardServices({ secrets: () => Promise.resolve({}) });
  const base = { 'Bootstrap servers': `${host}:${kafka.port}`, 'Client id': 'efx-host-wizard', 'A name for this cluster': 'Registry wizard', 'Schema registry user name': 'reader', 'Schema registry password': 's3cret' };
  const picks = { security: 'none', writes: false, 'schema registry': true };

  before(async function () {
    skipOrFailWithoutRig(this, 'Kafka wizard registry', (await portOpen(kafka.port)) && (await portOpen(schemaRegistry.port)) ? undefined : 'the rig\'s Kafka or schema registry does not answer; run npm run services:up');
  });

  it('asks the registry at once, keeps its URL and user name in the profile and its password as a secret', async () => {
    const prompts = scripted({ ...base, 'Schema registry URL': schemaRegistry.url }, picks, []);
    const draft = await runKafkaWizard(services, prompts);
    assert.deepEqual(prompts.shown, [], 'a registry that answers passes silently');
    assert.deepEqual(draft.profile.schemaRegistry, { url: schemaRegistry.url, username: 'reader' });
    assert.equal(draft.secrets?.schemaRegistryPassword, 's3cret');
    assert.ok(!JSON.stringify(draft.profile).includes('s3cret'));
  });

  it('a registry that does not answer says why and is kept, or left out, without stopping the save', async () => {
    // A port the OS just gave back: a fixed one can be an ephemeral listener of another process on a busy machine.
    const port = await freePort();
    const closed = { ...base, 'Schema registry URL': `http://${host}:${port}` };
    const kept = scripted(closed, picks, ['Keep It']);
    const draft = await runKafkaWizard(services, kept);
    assert.equal(kept.shown.length, 1);
    assert.match(kept.shown[0], new RegExp(`^The schema registry did not answer: the registry http://.*:${port} could not be reached: ECONNREFUSED`));
    assert.equal(draft.profile.schemaRegistry?.url, `http://${host}:${port}`);
    const left = await runKafkaWizard(services, scripted(closed, picks, ['Leave It Out']));
    assert.equal(left.profile.schemaRegistry, undefined);
    assert.equal(left.secrets?.schemaRegistryPassword, undefined);
  });
});
