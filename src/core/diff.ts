import microdiff from 'microdiff';
import type { JsonValue } from './json';

/** The path `changedPaths` reports when the value as a whole was replaced (or could not be compared). */
export const ROOT_PATH = '';

/**
 * Dotted paths (`items.2.quantity`) of everything that differs between two states: created, changed and
 * removed fields all count. An array element that appears or disappears also reports its array, because
 * the array's length changed too and the timeline highlights both. Keys containing dots are not escaped:
 * the paths are for highlighting, not for addressing.
 */
export function changedPaths(before: JsonValue, after: JsonValue): string[] {
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    return before === after || (Number.isNaN(before) && Number.isNaN(after)) ? [] : [ROOT_PATH];
  }
  let differences: ReturnType<typeof microdiff>;
  try {
    // JSON values have no cycles, so microdiff's cycle tracking would only cost time.
    differences = microdiff(before, after, { cyclesFix: false });
  } catch {
    // microdiff recurses; a state nested thousands deep overflows it. Say "everything" rather than fail.
    return [ROOT_PATH];
  }
  const paths = new Set<string>();
  for (const difference of differences) {
    const { path } = difference;
    const last = path[path.length - 1];
    if (difference.type !== 'CHANGE' && typeof last === 'number' && path.length > 1) {
      paths.add(path.slice(0, -1).join('.'));
    }
    paths.add(path.join('.'));
  }
  return [...paths];
}

function isContainer(value: JsonValue): value is JsonValue[] | { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null;
}
