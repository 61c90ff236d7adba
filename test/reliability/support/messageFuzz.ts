/**
 * A webview's messages are untrusted input, and every panel's parser is fuzzed the same three ways:
 * arbitrary values (rejected with what was wrong, or accepted whole), near misses (a valid message with one
 * field wrong, missing or extra: rejected, naming that field) and valid messages of every type (accepted).
 * What a panel does with an accepted message stays in its own test, passed in as `accept`.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { ParsedMessage } from '../../../src/protocol/common';
import { FUZZ_CASES, fuzz } from './fuzz';

/** Any value at all, including the shapes JSON cannot carry (a compromised page can post them). */
export const anyValue = fc.anything({ maxDepth: 3, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withNullPrototype: true, withSet: true, withSparseArray: true, withTypedArray: true });

/** Values that are wrong for each field; `<type>.<field>` names a field one message type uses differently. */
export type WrongValues = Record<string, unknown[]>;

export interface NearMiss {
  message: Record<string, unknown>;
  /** The field the error must name. */
  field: string;
}

/**
 * A valid message with exactly one thing wrong: a field of the wrong value, a field missing, or one too
 * many. `optional` fields are never the one left out (leaving them out is valid), and when generated as
 * `undefined` they are left out rather than sent.
 */
export function nearMiss<T extends object>(valid: fc.Arbitrary<T>, wrong: WrongValues, optional: readonly string[] = []): fc.Arbitrary<NearMiss> {
  const removable = (key: string) => key !== 'type' && !optional.includes(key);
  return fc
    .tuple(valid, fc.nat(), fc.nat(), fc.constantFrom('wrong', 'missing', 'extra'), fc.string({ minLength: 1, maxLength: 12 }), fc.anything({ maxDepth: 1 }))
    .filter(([message, , , kind]) => kind !== 'missing' || Object.keys(message).some(removable))
    .map(([valid, pick, which, kind, extraKey, extraValue]) => {
      const message: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
      for (const key of optional) if (message[key] === undefined) delete message[key];
      const keys = Object.keys(message).filter((key) => kind !== 'missing' || removable(key));
      const field = keys[pick % keys.length];
      if (kind === 'wrong') {
        const values = wrong[`${String(message.type)}.${field}`] ?? wrong[field];
        message[field] = values[which % values.length];
        return { message, field };
      }
      if (kind === 'missing') {
        delete message[field];
        return { message, field };
      }
      const key = Object.keys(wrong).includes(extraKey) || extraKey === '__proto__' ? `x${extraKey}` : extraKey;
      Object.defineProperty(message, key, { value: extraValue, enumerable: true, writable: true, configurable: true });
      return { message, field: key };
    });
}

export interface ArbitraryRun<M> {
  /** The figure name: printed as `fuzz.<name>.cases` and so on. */
  name: string;
  parse: (raw: unknown) => ParsedMessage<M>;
  /** Shapes besides any value at all, e.g. a right type with any value in one field. */
  shapes: fc.Arbitrary<unknown>[];
  /** What every rejection must say. */
  rejection: RegExp;
  /** What the panel does with a message the parser accepted; throws if that goes wrong. */
  accept: (message: M) => void;
}

/** Arbitrary values: each is rejected with what was wrong, or accepted and answered; most are rejected. */
export function fuzzArbitraryMessages<M>({ name, parse, shapes, rejection, accept }: ArbitraryRun<M>): void {
  let rejected = 0;
  fuzz(name, fc.oneof(anyValue, ...shapes), (raw) => {
    const parsed = parse(raw);
    if (!parsed.ok) {
      rejected += 1;
      assert.match(parsed.error, rejection);
      return;
    }
    accept(parsed.message);
  });
  assert.ok(rejected > FUZZ_CASES / 2, `only ${rejected} rejected`);
}

/** Near misses: every one is rejected, and the error names the field that is wrong. */
export function fuzzNearValidMessages<M>(name: string, parse: (raw: unknown) => ParsedMessage<M>, misses: fc.Arbitrary<NearMiss>): void {
  fuzz(name, misses, ({ message, field }) => {
    const parsed = parse(message);
    assert.ok(!parsed.ok, `accepted ${JSON.stringify(message)}`);
    assert.ok(parsed.error.includes(`at "${field}`), `"${parsed.error}" does not name "${field}"`);
  });
}

/** Valid messages: every one is accepted and answered. Returns how many of each type ran. */
export function fuzzValidMessages<M extends { type: string }>(name: string, parse: (raw: unknown) => ParsedMessage<M>, valid: fc.Arbitrary<M>, accept: (message: M) => void): Map<string, number> {
  const counts = new Map<string, number>();
  fuzz(name, valid, (message) => {
    counts.set(message.type, (counts.get(message.type) ?? 0) + 1);
    const parsed = parse(message);
    assert.ok(parsed.ok, `rejected a valid message: ${parsed.ok ? '' : parsed.error}`);
    accept(parsed.message);
  });
  return counts;
}
