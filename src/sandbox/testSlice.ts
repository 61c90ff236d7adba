/** What a generated given / when / then test is made of, whatever its language. */
import * as path from 'node:path';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';

/**
 * Which test a workspace gets: pytest (unittest-compatible) for a Python reducer; plain JavaScript on
 * `node:test` when the workspace has no TypeScript setup; TypeScript for its mocha, vitest or `node:test`
 * otherwise. Chosen from what the workspace has, so the test runs there as it is.
 */
export type TestFlavour = 'pytest' | 'node-test-js' | 'ts-node-test' | 'ts-mocha' | 'ts-vitest';

export interface GivenWhenThen {
  /** The workspace reducer file the test exercises. */
  reducerFile: string;
  /** Where the test will be saved: the reducer is found relative to it. */
  testFile: string;
  aggregateType: string;
  aggregateId: string;
  /** Events before the selected slice: the history the slice starts from. */
  given: readonly FlowEvent[];
  /** The selected slice. */
  when: readonly FlowEvent[];
  /** The state the sandbox folded after the slice. */
  then: JsonValue;
  flavour: TestFlavour;
}

/** The reducer's path relative to the test, with `/` separators. */
export function reducerPathFromTest(spec: Pick<GivenWhenThen, 'reducerFile' | 'testFile'>): string {
  return path.relative(path.dirname(spec.testFile), spec.reducerFile).split(path.sep).join('/');
}

/** `v2..v4`: the slice as the test names it. */
export function sliceName(when: readonly FlowEvent[]): string {
  const first = when[0];
  const last = when[when.length - 1];
  return first && last ? `${versionOf(first)}..${versionOf(last)}` : 'empty slice';
}

function versionOf(event: FlowEvent): string {
  return event.version !== undefined ? `v${event.version}` : event.id;
}
