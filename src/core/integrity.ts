import { isLocalSource, type FlowEvent } from './envelope';

/** Something wrong with a stream that replay can still get past: shown inline on the timeline. */
export interface IntegrityIssue {
  /** `reducer`: a workspace reducer failed at this event (the sandbox's error, with the place in the user's file). */
  kind: 'gap' | 'duplicate' | 'timestamp' | 'damaged' | 'reducer';
  /** Position in the stream the issue belongs to (for marking the row; messages speak of versions). */
  index: number;
  /** The version of the event the issue belongs to, when it has one. */
  version?: number;
  message: string;
  /** The place in the user's file the issue points at (a workspace reducer's failing line): a link in the timeline. */
  location?: { file: string; line: number; column?: number };
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
  let previousTime: { millis: number; text: string; subject: string } | undefined;

  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const version = event.version;
    const at = typeof version === 'number' && Number.isInteger(version) ? { version } : {};
    if (version !== undefined && version !== null) {
      if (typeof version !== 'number' || !Number.isInteger(version)) {
        issues.push({ kind: 'damaged', index, message: `Version ${String(version)} of event ${event.id} is not a whole number` });
      } else {
        const seenAt = firstIndexOfVersion.get(version);
        if (seenAt !== undefined) {
          issues.push({ kind: 'duplicate', index, version, message: `Version ${version} appears again (already used by ${describeEvent(events[seenAt])}; this is ${describeEvent(event)})` });
        } else if (highestVersion !== undefined && version > highestVersion + 1) {
          issues.push({ kind: 'gap', index, version, message: describeGap(highestVersion, version) });
        } else if (highestVersion !== undefined && version < highestVersion) {
          issues.push({ kind: 'gap', index, version, message: `Version ${version} comes after version ${highestVersion} (out of order)` });
        }
        if (seenAt === undefined) firstIndexOfVersion.set(version, index);
        highestVersion = highestVersion === undefined ? version : Math.max(highestVersion, version);
      }
    }

    const millis = Date.parse(event.timestamp);
    const subject = 'version' in at ? `Version ${at.version}` : `Event ${event.id}`;
    if (Number.isNaN(millis)) {
      issues.push({ kind: 'timestamp', index, ...at, message: `${subject}: timestamp ${JSON.stringify(event.timestamp)} is not a valid date` });
    } else {
      if (previousTime !== undefined && millis < previousTime.millis) {
        issues.push({ kind: 'timestamp', index, ...at, message: `${subject}: timestamp ${event.timestamp} is earlier than ${previousTime.subject}'s (${previousTime.text})` });
      }
      previousTime = { millis, text: event.timestamp, subject: 'version' in at ? `version ${at.version}` : `event ${event.id}` };
    }
  }
  return issues;
}

/** An event as a person finds it again: its id, and its line when it comes from a file. */
function describeEvent(event: FlowEvent): string {
  const source = event.source;
  return isLocalSource(source) ? `event ${event.id} on line ${source.line}` : `event ${event.id}`;
}

function describeGap(previous: number, found: number): string {
  const first = previous + 1;
  const last = found - 1;
  const missing = first === last ? `Version ${first} is missing` : `Versions ${first}–${last} are missing`;
  return `${missing} (expected ${first} after ${previous}, found ${found})`;
}
