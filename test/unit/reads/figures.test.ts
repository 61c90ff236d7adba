import * as assert from 'node:assert/strict';
import { unionOf, withRates, type Figures } from '../../../src/connectors/reads/figures';

const topic = (name: string, produced: bigint, publishRate?: number): Figures['sources'][number] => ({ name, produced, ...(publishRate === undefined ? {} : { publishRate }) });

describe('figures: what subscribers ask for, and rates from counts', () => {
  it('names each target once in the union, a queue in another vhost apart', () => {
    const union = unionOf([
      { sources: [{ name: 'orders' }, { name: 'jobs', scope: '/' }], groups: ['billing'], lagOf: [] },
      { sources: [{ name: 'orders' }, { name: 'jobs', scope: 'staging' }], groups: ['billing'], lagOf: ['billing'], events: true, inventory: ['/', 'staging'], allGroups: true },
      { sources: [], groups: [], lagOf: [], inventory: ['/'] },
    ]);
    assert.deepEqual(union.inventory, ['/', 'staging']);
    assert.equal(union.allGroups, true);
    assert.deepEqual(union.sources, [{ name: 'orders' }, { name: 'jobs', scope: '/' }, { name: 'jobs', scope: 'staging' }]);
    assert.deepEqual(union.groups, ['billing']);
    assert.deepEqual(union.lagOf, ['billing']);
    assert.equal(union.events, true);
  });

  it('takes messages per second from two samples\' counts, keeps the broker\'s own rate, and gives none for a count that fell', () => {
    const previous = { at: 10_000, figures: { sources: [topic('orders', 100n), topic('queue', 5n), topic('recreated', 900n)], groups: [], events: 40 } };
    const current = { at: 14_000, figures: { sources: [topic('orders', 160n), topic('queue', 9n, 0.5), topic('recreated', 3n), topic('new', 7n)], groups: [], events: 48 } };
    const rated = withRates(current, previous);
    const rate = (name: string): number | undefined => rated.sources.find((s) => s.name === name)?.publishRate;
    assert.equal(rate('orders'), 15);
    assert.equal(rate('queue'), 0.5, 'the broker\'s own figure stands');
    assert.equal(rate('recreated'), undefined, 'a count that went down gives no rate');
    assert.equal(rate('new'), undefined, 'one sample of it: no rate');
    assert.equal(rated.eventRate, 2);
    assert.equal(withRates(current, undefined), current.figures, 'the first sample has no rates to work out');
  });

  it('asks for a source\'s types once in the union, and only where some subscriber asked', () => {
    const union = unionOf([
      { sources: [{ name: 'orders' }, { name: 'audit' }], groups: [], lagOf: [] },
      { sources: [{ name: 'orders' }], groups: [], lagOf: [], eventTypesOf: [{ name: 'orders' }] },
      { sources: [{ name: 'orders' }, { name: 'jobs', scope: '/' }], groups: [], lagOf: [], eventTypesOf: [{ name: 'orders' }, { name: 'jobs', scope: '/' }] },
    ]);
    assert.deepEqual(union.eventTypesOf, [{ name: 'orders' }, { name: 'jobs', scope: '/' }]);
    assert.equal(unionOf([{ sources: [{ name: 'orders' }], groups: [], lagOf: [] }]).eventTypesOf, undefined, 'nobody asked: no types are counted');
  });

  it('takes a topic\'s messages per second per type from two samples, and none when its counting began again', () => {
    const typed = (name: string, eventTypes: [string, number][]): Figures['sources'][number] => ({ name, produced: 0n, eventTypes });
    const previous = { at: 10_000, figures: { sources: [typed('orders', [['OrderPlaced', 10], ['OrderPaid', 4]]), typed('restarted', [['A', 50]])], groups: [] } };
    const current = { at: 12_000, figures: { sources: [typed('orders', [['OrderPlaced', 16], ['OrderPaid', 4], ['OrderShipped', 2]]), typed('restarted', [['A', 3]]), typed('new', [['B', 1]])], groups: [] } };
    const rated = withRates(current, previous);
    const rates = (name: string) => rated.sources.find((s) => s.name === name)?.eventTypeRates;
    assert.deepEqual(rates('orders'), [['OrderPlaced', 3], ['OrderPaid', 0], ['OrderShipped', 1]]);
    assert.equal(rates('restarted'), undefined, 'a count that went down gives no rates');
    assert.equal(rates('new'), undefined, 'one sample of it: no rates');
    assert.equal(rated.sources.find((s) => s.name === 'orders')?.publishRate, 0, 'the rate in stands beside');
  });
});
