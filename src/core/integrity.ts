import type { FlowEvent } from './envelope';

/** Something wrong with a stream that replay can still get past: shown inline on the timeline. */
export interface IntegrityIssue {
  /** `reducer`: a workspace reducer failed at this event (the sandbox's error, with the place in the user's file). */
  kind: 'gap' | 'duplicate' | 'timestamp' | 'damaged' | 'reducer';
  /** Position in the stream the issue belongs to. */
  index: number;
  message: string;
}

/**
 * Finds what is wrong with a stream in one pass: version gaps (each versioned event should be the previous
 * one plus one), versions used twice, versions that go backwards, and timestamps earlier than the event
 * before. Events without a version are left out of the version checks; the first version is not judged,
 * because a stream read after a snapshot or from a page legitimately starts anywhere.
 */
export function checkIntegrity(events: readonly FlowEvent[]): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const firstIndexOfVersion = new Map<number, number>();
  // The highest version so far: after a stray old version, the stream is still judged against where it was.
  let highestVersion: number | undefined;
  let previousTime: { millis: number; text: string } | undefined;

  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const version = event.version;
    if (version !== undefined && version !== null) {
      if (typeof version !== 'number' || !Number.isInteger(version)) {
        issues.push({ kind: 'damaged', index, message: `Version ${String(version)} is not a whole number` });
      } else {
        const seenAt = firstIndexOfVersion.get(version);
        if (seenAt !== undefined) {
          issues.push({ kind: 'duplicate', index, message: `Version ${version} appears again (already used at index ${seenAt})` });
        } else if (highestVersion !== undefined && version > highestVersion + 1) {
          issues.push({ kind: 'gap', index, message: describeGap(highestVersion, version) });
        } else if (highestVersion !== undefined && version < highestVersion) {
          issues.push({ kind: 'gap', index, message: `Version ${version} comes after version ${highestVersion} (out of order)` });
        }
        if (seenAt === undefined) firstIndexOfVersion.set(version, index);
        highestVersion = highestVersion === undefined ? version : Math.max(highestVersion, version);
      }
    }

    const millis = Date.parse(event.timestamp);
    if (Number.isNaN(millis)) {
      issues.push({ kind: 'timestamp', index, message: `Timestamp ${JSON.stringify(event.timestamp)} is not a valid date` });
    } else {
      if (previousTime !== undefined && millis < previousTime.millis) {
        issues.push({ kind: 'timestamp', index, message: `Timestamp ${event.timestamp} is earlier than the previous event's (${previousTime.text})` });
      }
      previousTime = { millis, text: event.timestamp };
    }
  }
  return issues;
}

function describeGap(previous: number, found: number): string {
  const first = previous + 1;
  const last = found - 1;
  const missing = first === last ? `Version ${first} is missing` : `Versions ${first}–${last} are missing`;
  return `${missing} (expected ${first} after ${previous}, found ${found})`;
}
