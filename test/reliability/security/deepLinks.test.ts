/**
 * Malicious deep links (an unknown connection, a path traversal in a store path, a huge version) are refused
 * with a message; fuzzing: no input makes the validator throw or accept a connection that is not saved.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { MAX_LINK_VERSION, parseTimelineLink } from '../../../src/deepLinks/deepLink';
import { figure } from '../support/figures';
import { FUZZ_CASES } from '../support/fuzz';

const saved = new Set(['local', 'mongo-1']);

describe('deep links: malicious and fuzzed', () => {
  it('refuses an unknown connection, a store path with traversal and a huge version, each with a message', () => {
    const malicious = [
      ['/timeline', 'connection=attacker-db&aggregate=Order-1'],
      ['/timeline', 'connection=local&aggregate=Order-1&store=..%2F..%2F..%2Fetc%2Fpasswd'],
      ['/timeline', 'connection=local&aggregate=Order-1&path=%2Fetc%2Fshadow'],
      ['/timeline', 'connection=local&aggregate=Order-1&version=18446744073709551616'],
      ['/timeline', `connection=local&aggregate=Order-1&version=${MAX_LINK_VERSION + 1}`],
      ['/../../timeline', 'connection=local&aggregate=Order-1'],
    ] as const;
    const reasons = malicious.map(([path, query]) => parseTimelineLink(path, query, saved));
    figure('deepLinks.malicious.refused', `${reasons.filter((r) => !r.ok).length}/${malicious.length}`);
    for (const result of reasons) {
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, /^Refused the link: .{10,}/);
    }
  });

  it(`fuzz: ${FUZZ_CASES} links never throw, and an accepted one names a saved connection and a bounded version`, () => {
    const part = fc.oneof(fc.string(), fc.constantFrom('local', 'mongo-1', 'Order-1', '..%2F..', '%00', '18446744073709551616', '42'));
    const key = fc.oneof(fc.constantFrom('connection', 'aggregate', 'type', 'version', 'filter', 'store', 'path'), fc.string());
    const query = fc.array(fc.tuple(key, part), { maxLength: 7 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    // Near-valid links: the right keys, values from the edges (saved or not, digits of any length).
    const nearValid = fc
      .record({ connection: fc.constantFrom('local', 'mongo-1', 'mongo-2', ''), aggregate: fc.oneof(fc.constant('Order-1'), fc.string({ maxLength: 20 })), version: fc.oneof(fc.nat().map(String), fc.stringMatching(/^\d{1,25}$/)) })
      .map(({ connection, aggregate, version }) => `connection=${encodeURIComponent(connection)}&aggregate=${encodeURIComponent(aggregate)}&version=${version}`);
    const raw = fc.oneof(query, nearValid, fc.string({ maxLength: 300 }));
    let accepted = 0;
    let started = performance.now();
    let slowest = 0;
    fc.assert(
      fc.property(fc.oneof(fc.constant('/timeline'), fc.string()), raw, (path, text) => {
        started = performance.now();
        const result = parseTimelineLink(path, text, saved);
        slowest = Math.max(slowest, performance.now() - started);
        if (result.ok) {
          accepted += 1;
          assert.ok(saved.has(result.link.connectionId));
          assert.ok(result.link.version === undefined || (Number.isInteger(result.link.version) && result.link.version <= MAX_LINK_VERSION));
        } else {
          assert.match(result.reason, /^Refused the link: /);
        }
      }),
      { numRuns: FUZZ_CASES },
    );
    figure('deepLinks.fuzz.cases', FUZZ_CASES);
    figure('deepLinks.fuzz.accepted', accepted);
    figure('deepLinks.fuzz.crashes', 0);
    figure('deepLinks.fuzz.slowestCaseMs', Math.round(slowest * 100) / 100);
    assert.ok(slowest < 100);
  });
});
