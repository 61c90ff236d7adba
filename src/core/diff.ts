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

/** One difference between two values: added, removed or changed, at a dotted path (`''`: the whole value). */
export interface ValueChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

/** Every difference between two values with what each side holds there, the first `limit` of them. */
export function valueChanges(before: JsonValue, after: JsonValue, limit = 500): ValueChange[] {
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    return Object.is(before, after) ? [] : [{ path: ROOT_PATH, kind: 'changed', before, after }];
  }
  let differences: ReturnType<typeof microdiff>;
  try {
    differences = microdiff(before, after, { cyclesFix: false });
  } catch {
    // As in changedPaths: a value nested too deep for microdiff is one change of the whole.
    return [{ path: ROOT_PATH, kind: 'changed', before, after }];
  }
  return differences.slice(0, limit).map((difference): ValueChange => {
    const path = difference.path.join('.');
    switch (difference.type) {
      case 'CREATE':
        return { path, kind: 'added', after: difference.value as JsonValue };
      case 'REMOVE':
        return { path, kind: 'removed', before: difference.oldValue as JsonValue };
      case 'CHANGE':
        return { path, kind: 'changed', before: difference.oldValue as JsonValue, after: difference.value as JsonValue };
    }
  });
}

function isContainer(value: JsonValue): value is JsonValue[] | { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null;
}
