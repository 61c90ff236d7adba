import * as assert from 'node:assert/strict';
import { alertRules, readAlertEntries } from '../../../src/alertSettings';

describe('eventFlows.alerts: rules from settings, each entry checked on its own', () => {
  it('keeps the well-formed entries and says which others are skipped and why', () => {
    const { entries, problems } = readAlertEntries([
      { when: 'deadLettersGrow', connection: 'Rig RabbitMQ', source: 'orders.dlq', scope: '/' },
      { when: 'lagAbove', connection: 'Rig Kafka', group: 'billing', messages: 1000 },
      { when: 'lagAbove', connection: 'Rig Kafka', group: 'billing' },
      { when: 'rateZero', connection: 'Rig Kafka', source: 'orders', seconds: -5 },
      { when: 'queueFull', connection: 'x' },
      { when: 'groupEmpty', connection: 'Rig Kafka', group: 'billing', members: 0 },
      'orders.dlq',
      { when: 'groupEmpty', connection: '  ', group: 'billing' },
    ]);
    assert.deepEqual(entries.map((e) => e.when), ['deadLettersGrow', 'lagAbove']);
    assert.deepEqual(problems, [
      'Setting "eventFlows.alerts" entry 3 is skipped: a lag alert needs "messages", "seconds" or both.',
      'Setting "eventFlows.alerts" entry 4 is skipped: "seconds" must be at least 1.',
      'Setting "eventFlows.alerts" entry 5 is skipped: "when" must be one of "deadLettersGrow", "lagAbove", "rateZero", "groupEmpty".',
      'Setting "eventFlows.alerts" entry 6 is skipped: "members" is not a setting of this rule.',
      'Setting "eventFlows.alerts" entry 7 is skipped: "when" must be one of "deadLettersGrow", "lagAbove", "rateZero", "groupEmpty".',
      'Setting "eventFlows.alerts" entry 8 is skipped: "connection" (a connection\'s name or id) must not be empty.',
    ]);
    assert.deepEqual(readAlertEntries({ when: 'groupEmpty' }).problems, ['Setting "eventFlows.alerts" must be a list of alert rules; no alert is watched.']);
    assert.deepEqual(readAlertEntries(undefined), { entries: [], problems: [] });
  });

  it('resolves the connection by id, then by name, and reports an unknown one', () => {
    const { entries } = readAlertEntries([
      { when: 'deadLettersGrow', connection: 'Rig RabbitMQ', source: 'orders.dlq', scope: '/' },
      { when: 'groupEmpty', connection: 'k-1', group: 'billing' },
      { when: 'groupEmpty', connection: 'Gone', group: 'billing' },
    ]);
    const { rules, problems } = alertRules(entries, [{ id: 'r-1', label: 'Rig RabbitMQ' }, { id: 'k-1', label: 'Rig Kafka' }]);
    assert.deepEqual(rules.map((r) => [r.connectionId, r.when]), [['r-1', 'deadLettersGrow'], ['k-1', 'groupEmpty']]);
    assert.deepEqual(rules[0].when === 'deadLettersGrow' ? [rules[0].source, rules[0].growth] : undefined, [{ name: 'orders.dlq', scope: '/' }, 1]);
    assert.deepEqual(problems, ['Setting "eventFlows.alerts" entry 3 names no connection: "Gone".']);
  });
});
