import { strict as assert } from 'node:assert';
import { checkIntegrity } from '../../../src/core/integrity';
import { flowEvent } from './flowEvents';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 5, 9, 0, second)).toISOString();
const versioned = (versions: (number | undefined)[]) =>
  versions.map((version, i) => flowEvent('E', {}, { id: `e${i}`, timestamp: at(i), ...(version === undefined ? {} : { version }) }));

describe('checkIntegrity', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('finds nothing wrong with a clean stream', () => {
    assert.deepEqual(checkIntegrity(versioned([1, 2, 3, 4])), []);
    assert.deepEqual(checkIntegrity([]), []);
  });

  it('does not judge where a stream starts', () => {
    assert.deepEqual(checkIntegrity(versioned([41, 42])), []);
  });

  it('reports a gap at the event after it, naming the missing versions', () => {
    const issues = checkIntegrity(versioned([1, 2, 5, 6, 8]));
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [
        ['gap', 2],
        ['gap', 4],
      ],
    );
    assert.match(issues[0].message, /Versions 3–4 are missing/);
    assert.match(issues[0].message, /expected 3 after 2, found 5/);
    assert.match(issues[1].message, /Version 7 is missing/);
  });

  it('reports duplicates, adjacent or not', () => {
    const issues = checkIntegrity(versioned([1, 2, 2, 3, 1]));
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [
        ['duplicate', 2],
        ['duplicate', 4],
      ],
    );
    assert.equal(issues[0].message, 'Version 2 appears again (already used by event e1 on line 1; this is event e2 on line 1)');
    assert.equal(issues[1].version, 1);
    for (const issue of issues) assert.doesNotMatch(issue.message, /index/);
  });

  it('reports versions going backwards', () => {
    const issues = checkIntegrity(versioned([1, 3, 2]));
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [
        ['gap', 1],
        ['gap', 2],
      ],
    );
    assert.match(issues[1].message, /Version 2 comes after version 3 \(out of order\)/);
    assert.deepEqual(checkIntegrity(versioned([1, 3, 2, 4])).length, 2, 'the stream continues from its highest version');
  });

  it('leaves events without a version out of the version checks', () => {
    assert.deepEqual(checkIntegrity(versioned([1, undefined, 2, undefined, 3])), []);
  });

  it('reports versions that are not whole numbers as damaged', () => {
    const issues = checkIntegrity(versioned([1, 1.5, 2]));
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [['damaged', 1]],
    );
  });

  it('reports timestamps that go back, and ones that are not dates', () => {
    const events = versioned([1, 2, 3, 4]);
    events[2].timestamp = at(0);
    events[3].timestamp = 'yesterday';
    const issues = checkIntegrity(events);
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [
        ['timestamp', 2],
        ['timestamp', 3],
      ],
    );
    assert.equal(issues[0].message, `Version 3: timestamp ${at(0)} is earlier than version 2's (${at(1)})`);
    assert.equal(issues[1].message, 'Version 4: timestamp "yesterday" is not a valid date');
    assert.deepEqual(
      issues.map((issue) => issue.version),
      [3, 4],
    );
  });

  it('handles a long stream in one pass', () => {
    const events = versioned(Array.from({ length: 100_000 }, (_, i) => (i === 50_000 ? 1 : i + 1)));
    events.forEach((event, i) => (event.timestamp = new Date(i * 1000).toISOString()));
    const issues = checkIntegrity(events);
    assert.deepEqual(
      issues.map((issue) => [issue.kind, issue.index]),
      [
        ['duplicate', 50_000],
        ['gap', 50_001],
      ],
    );
    assert.match(issues[1].message, /^Version 50001 is missing/);
  });
});
