/**
 * Finds the first part of a value that would not survive JSON.stringify/parse unchanged. Checked before
 * anything is written, so a bad value fails with its path instead of being silently dropped or mangled
 * (JSON.stringify turns `undefined` into nothing, NaN into null and a Date into a string).
 */
export function findNonJsonValue(value: unknown, path: string): string | undefined {
  return check(value, path, new Set<object>());
}

/** Throws a TypeError naming where the offending value sits when `value` is not plain JSON. */
export function assertJsonValue(value: unknown, path: string, what: string): void {
  const problem = findNonJsonValue(value, path);
  if (problem !== undefined) {
    throw new TypeError(`Cannot store ${what}: ${problem}. Only JSON values (objects, arrays, strings, finite numbers, booleans, null) can be stored.`);
  }
}

function check(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${String(value)}`;
    case 'undefined':
      return `${path} is undefined`;
    case 'bigint':
      return `${path} is a bigint`;
    case 'function':
      return `${path} is a function`;
    case 'symbol':
      return `${path} is a symbol`;
    case 'object':
      return value === null ? undefined : checkObject(value, path, ancestors);
  }
}

function checkObject(value: object, path: string, ancestors: Set<object>): string | undefined {
  if (ancestors.has(value)) return `${path} refers back to itself (a circular reference)`;
  if (!Array.isArray(value)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      return `${path} is a ${describeClass(value)}, not a plain object`;
    }
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = check((value as unknown[])[i], `${path}[${i}]`, ancestors);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    for (const [key, child] of Object.entries(value)) {
      const problem = check(child, `${path}.${key}`, ancestors);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

function describeClass(value: object): string {
  const name = value.constructor?.name;
  if (name === 'Date') return 'Date (store it as an ISO string)';
  return typeof name === 'string' && name !== '' ? name : 'non-plain object';
}
