import * as assert from 'node:assert/strict';
import { headersForStorage, headersFromStorage, headerValue } from '../../../src/core/headers';

describe('headers', () => {
  it('stores unique text headers as an object, the shape people write by hand', () => {
    assert.deepEqual(headersForStorage([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]), { a: '1', b: '2' });
  });

  it('stores repeated keys and bytes as a list, and reads both shapes back unchanged', () => {
    const headers = [
      { key: 'trace', value: 'x' },
      { key: 'trace', value: 'y' },
      { key: 'raw', value: 'AP8=', encoding: 'base64' as const },
    ];
    const stored = headersForStorage(headers);
    assert.ok(Array.isArray(stored));
    assert.deepEqual(headersFromStorage(JSON.parse(JSON.stringify(stored)) as typeof stored), headers);
    assert.deepEqual(headersFromStorage({ a: '1', n: 2 }), [{ key: 'a', value: '1' }, { key: 'n', value: '2' }]);
  });

  it('skips list entries without a key and finds the first value of a key', () => {
    const read = headersFromStorage([{ value: 'no key' }, 'text', { key: 'k', value: 'v1' }, { key: 'k', value: 'v2' }]);
    assert.deepEqual(read, [{ key: 'k', value: 'v1' }, { key: 'k', value: 'v2' }]);
    assert.equal(headerValue(read, 'k'), 'v1');
    assert.equal(headerValue(read, 'missing'), undefined);
    assert.equal(headersFromStorage('text'), undefined);
  });
});
