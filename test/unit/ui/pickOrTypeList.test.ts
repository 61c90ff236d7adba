import * as assert from 'node:assert/strict';
import { pickOrTypeList } from '../../../src/ui/pickOrTypeItems';

describe('pick or type a name (the MongoDB wizard\'s database and collection steps)', () => {
  it('lists the server\'s databases first with the default as one choice among them, active, and nothing typed', () => {
    const list = pickOrTypeList(['admin', 'shop', 'orders'], '', 'eventstore');
    assert.deepEqual(list.items.map((item) => [item.name, item.description]), [
      ['admin', undefined],
      ['shop', undefined],
      ['orders', undefined],
      ['eventstore', 'default, not on the list'],
    ]);
    assert.equal(list.active?.name, 'eventstore');
    assert.equal(list.items.some((item) => item.label.startsWith('$(edit) Use')), false);
  });

  it('marks a default the server lists where it stands, and offers "Use" only for a typed name not listed', () => {
    const list = pickOrTypeList(['admin', 'eventstore', 'shop'], '', 'eventstore', (name) => (name === 'admin' ? 'system' : undefined));
    assert.deepEqual(list.items.map((item) => [item.name, item.description]), [
      ['admin', 'system'],
      ['eventstore', 'current'],
      ['shop', undefined],
    ]);
    assert.equal(list.active?.name, 'eventstore');
    const typed = pickOrTypeList(['admin', 'eventstore', 'shop'], ' billing ', 'eventstore');
    assert.deepEqual(typed.items.map((item) => item.label), ['$(edit) Use "billing"', 'admin', 'eventstore', 'shop']);
    assert.equal(typed.items[0].alwaysShow, true);
    assert.equal(typed.active, undefined);
    assert.equal(pickOrTypeList(['admin', 'shop'], 'shop').items.length, 2);
  });
});
