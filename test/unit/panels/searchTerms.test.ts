import * as assert from 'node:assert/strict';
import { parseSearchMessage } from '../../../src/protocol/search';
import { MAX_SEARCH_TEXT, parseSearchTerm, windowProblem } from '../../../src/protocol/searchTerms';

describe('search view: the query as typed', () => {
  it('reads each kind as the term the sources match, trimmed', () => {
    assert.deepEqual(parseSearchTerm('correlationId', '  order-1 '), { ok: true, term: { field: 'correlationId', value: 'order-1' } });
    assert.deepEqual(parseSearchTerm('eventId', 'e-1'), { ok: true, term: { field: 'eventId', value: 'e-1' } });
    assert.deepEqual(parseSearchTerm('key', 'Order-7'), { ok: true, term: { field: 'key', value: 'Order-7' } });
    assert.deepEqual(parseSearchTerm('eventType', 'OrderPlaced'), { ok: true, term: { field: 'eventType', value: 'OrderPlaced' } });
    assert.deepEqual(parseSearchTerm('text', '<b>Berlin</b>'), { ok: true, term: { field: 'text', value: '<b>Berlin</b>' } });
  });

  it('splits a header at its first "=": the value may hold "=" and may be empty, the name may not', () => {
    assert.deepEqual(parseSearchTerm('header', 'event-type=OrderPlaced'), { ok: true, term: { field: 'header', key: 'event-type', value: 'OrderPlaced' } });
    assert.deepEqual(parseSearchTerm('header', ' x-token = a=b== '), { ok: true, term: { field: 'header', key: 'x-token', value: 'a=b==' } });
    assert.deepEqual(parseSearchTerm('header', 'x-empty='), { ok: true, term: { field: 'header', key: 'x-empty', value: '' } });
    assert.deepEqual(parseSearchTerm('header', 'event-type'), { ok: false, problem: 'A header search is name=value, e.g. event-type=OrderPlaced; "event-type" has no "=".' });
    assert.deepEqual(parseSearchTerm('header', '=OrderPlaced'), { ok: false, problem: 'The header name before "=" is empty in "=OrderPlaced".' });
    assert.deepEqual(parseSearchTerm('header', '   '), { ok: false, problem: 'Type a header as name=value, e.g. event-type=OrderPlaced.' });
  });

  it('takes a trace id as 32 or 16 hex digits in lower case, or from a whole traceparent; says what else is wrong', () => {
    const id = '4BF92F3577B34DA6A3CE929D0E0E4736';
    assert.deepEqual(parseSearchTerm('traceId', id), { ok: true, term: { field: 'traceId', value: id.toLowerCase() } });
    assert.deepEqual(parseSearchTerm('traceId', `00-${id}-00f067aa0ba902b7-01`), { ok: true, term: { field: 'traceId', value: id.toLowerCase() } });
    assert.deepEqual(parseSearchTerm('traceId', 'a3ce929d0e0e4736'), { ok: true, term: { field: 'traceId', value: 'a3ce929d0e0e4736' } });
    assert.deepEqual(parseSearchTerm('traceId', 'order-1'), { ok: false, problem: 'A trace id is 32 hexadecimal digits (W3C traceparent) or 16 (B3); "order-1" is not.' });
  });

  it('refuses empty and over-long queries, and a window that ends before it starts', () => {
    assert.deepEqual(parseSearchTerm('correlationId', ''), { ok: false, problem: 'Type the correlation id to search for.' });
    const long = parseSearchTerm('text', 'x'.repeat(MAX_SEARCH_TEXT + 1));
    assert.equal(long.ok, false);
    assert.match(long.ok ? '' : long.problem, /2001 characters long; at most 2000/);
    assert.equal(windowProblem(undefined, undefined), undefined);
    assert.equal(windowProblem(10, undefined), undefined);
    assert.equal(windowProblem(10, 20), undefined);
    assert.equal(windowProblem(20, 20), 'The time window ends before it starts: make "to" later than "from".');
  });

  it('the host takes only well-formed messages from the page', () => {
    assert.ok(parseSearchMessage({ type: 'search', kind: 'header', text: 'a=b', from: 1, sources: [0, 2] }).ok);
    assert.equal(parseSearchMessage({ type: 'search', kind: 'sql', text: 'a', sources: [] }).ok, false);
    assert.equal(parseSearchMessage({ type: 'search', kind: 'text', text: 'a', sources: [-1] }).ok, false);
    assert.equal(parseSearchMessage({ type: 'open', key: 1.5 }).ok, false);
    assert.ok(parseSearchMessage({ type: 'trace', key: 3 }).ok);
  });
});
