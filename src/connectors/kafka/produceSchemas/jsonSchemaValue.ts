import type { JsonValue } from '../../../core/json';
import { bundleJsonSchema } from './jsonSchemaImports';
import { isPlainObject, kindOf, type SchemaProblem, type ValuePath, type ValueSchema } from './valueSchema';
import { sampleOf } from './jsonSchemaSample';
import { MAX_EVALUATIONS, resolve, typesOf, type Schema, type Walk } from './jsonSchemaWalk';

/**
 * Thrown when a check cannot go on: past MAX_EVALUATIONS, or at a loop. Either leaves no answer for the
 * branches around it (a branch that stopped neither passed nor failed), so the whole check stops.
 */
class CheckStopped extends Error {
  constructor(
    readonly path: ValuePath,
    why: string,
  ) {
    super(`checking stopped: ${why}`);
  }
}

/**
 * A JSON Schema (draft 4 to 2020-12, the keywords values are commonly checked with) for produce documents:
 * `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`, `patternProperties`,
 * `items` / `prefixItems`, `minItems` / `maxItems`, `uniqueItems`, `minimum` / `maximum` (and their
 * exclusive forms), `multipleOf`, `minLength` / `maxLength`, `pattern`, `allOf` / `anyOf` / `oneOf` / `not`,
 * and `$ref` as validators resolve it: within the document (`#/$defs/...`, `#/definitions/...`), by `$id`
 * and `$anchor` (relative refs against the nearest `$id`), and into the documents it imports (`imports`: a
 * registry schema's references, by their names or their `$id`s). Other keywords (`format`, `if`/`then`,
 * refs to documents not given) are not checked. The bytes are the JSON text as UTF-8.
 */
export function jsonSchemaValue(schemaText: string, imports?: ReadonlyMap<string, string>): ValueSchema {
  const root = bundleJsonSchema(JSON.parse(schemaText) as JsonValue, imports ?? new Map<string, string>());
  if (typeof root !== 'boolean' && !isPlainObject(root)) throw new Error('a JSON Schema is an object (or true / false)');
  const name = isPlainObject(root) && typeof root.title === 'string' ? root.title : 'JSON Schema';
  const check = (value: JsonValue): SchemaProblem[] => {
    const problems: SchemaProblem[] = [];
    try {
      validate({ root, evaluations: 0 }, root, value, [], problems);
    } catch (error) {
      if (!(error instanceof CheckStopped)) throw error;
      return [...problems, { path: error.path, message: error.message }];
    }
    return problems;
  };
  return {
    format: 'json-schema',
    name,
    sample: () => sampleOf({ root, evaluations: 0 }, root, undefined, 0),
    check,
    encode: (value) => {
      const problems = check(value);
      if (problems.length > 0) throw new Error(problems[0].message);
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
  };
}

function hasType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return false;
  }
}

/**
 * `inPlace` holds the schemas evaluated against this same value since the last step into it: meeting one
 * again (`{"allOf": [{"$ref": "#"}]}`) would evaluate it forever.
 */
function validate(walk: Walk, given: Schema, value: JsonValue, path: ValuePath, problems: SchemaProblem[], inPlace: readonly Schema[] = []): void {
  if (++walk.evaluations > MAX_EVALUATIONS) {
    throw new CheckStopped(path, `this schema takes more than ${MAX_EVALUATIONS.toLocaleString('en-US')} evaluations for the value (refs shared between its anyOf / oneOf / allOf branches)`);
  }
  if (inPlace.includes(given)) throw new CheckStopped(path, 'the schema refers back to itself here without reading further into the value (a loop through $ref and allOf / anyOf / oneOf / not)');
  const here = typeof given === 'object' ? [...inPlace, given] : inPlace;
  let schema: Schema;
  try {
    schema = resolve(walk.root, given);
  } catch (error) {
    problems.push({ path, message: `the schema cannot be used here: ${(error as Error).message}` });
    return;
  }
  const problem = (message: string): void => {
    problems.push({ path, message });
  };
  if (schema === true) return;
  if (schema === false) return problem('no value is allowed here');
  const types = typesOf(schema);
  if (types && !types.some((t) => hasType(value, t))) return problem(`expected ${types.join(' or ')}, got ${kindOf(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(option, value))) problem(`expected one of ${schema.enum.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(value)}`);
  if ('const' in schema && !sameJson(schema.const, value)) problem(`expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number') checkNumber(schema, value, problem);
  if (typeof value === 'string') checkString(schema, value, problem);
  if (Array.isArray(value)) checkArray(walk, schema, value, path, problems);
  if (isPlainObject(value)) checkObject(walk, schema, value, path, problems);
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) validate(walk, part as Schema, value, path, problems, here);
  const passes = (part: JsonValue) => {
    const inner: SchemaProblem[] = [];
    validate(walk, part as Schema, value, path, inner, here);
    return inner;
  };
  if (Array.isArray(schema.anyOf)) {
    const results = schema.anyOf.map(passes);
    if (!results.some((r) => r.length === 0)) problems.push(...closestOf(results, path, 'matches none of anyOf'));
  }
  if (Array.isArray(schema.oneOf)) {
    const results = schema.oneOf.map(passes);
    const matching = results.filter((r) => r.length === 0).length;
    if (matching === 0) problems.push(...closestOf(results, path, 'matches none of oneOf'));
    else if (matching > 1) problem(`matches ${matching} of oneOf, where exactly one must match`);
  }
  if (schema.not !== undefined && passes(schema.not).length === 0) problem('matches the schema under "not"');
}

/** When no branch matches: the one branch that got furthest into the value says most, else a summary. */
function closestOf(results: SchemaProblem[][], path: ValuePath, summary: string): SchemaProblem[] {
  const deeper = results.filter((r) => r.every((p) => p.path.length > path.length));
  if (deeper.length === 1) return deeper[0];
  return [{ path, message: `${summary}: ${results.map((r) => r[0]?.message ?? '').join('; ')}` }];
}

function checkNumber(schema: { [key: string]: JsonValue }, value: number, problem: (message: string) => void): void {
  const number = (key: string) => (typeof schema[key] === 'number' ? (schema[key]) : undefined);
  const minimum = number('minimum');
  const maximum = number('maximum');
  if (minimum !== undefined && (value < minimum || (schema.exclusiveMinimum === true && value === minimum))) problem(`${value} is below the minimum ${minimum}`);
  if (maximum !== undefined && (value > maximum || (schema.exclusiveMaximum === true && value === maximum))) problem(`${value} is above the maximum ${maximum}`);
  const exclusiveMinimum = number('exclusiveMinimum');
  const exclusiveMaximum = number('exclusiveMaximum');
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) problem(`${value} must be above ${exclusiveMinimum}`);
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) problem(`${value} must be below ${exclusiveMaximum}`);
  const multipleOf = number('multipleOf');
  if (multipleOf !== undefined && multipleOf > 0 && Math.abs(value / multipleOf - Math.round(value / multipleOf)) > 1e-9) problem(`${value} is not a multiple of ${multipleOf}`);
}

function checkString(schema: { [key: string]: JsonValue }, value: string, problem: (message: string) => void): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) problem(`text of ${length} characters, at least ${schema.minLength} expected`);
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) problem(`text of ${length} characters, at most ${schema.maxLength} expected`);
  if (typeof schema.pattern === 'string') {
    const pattern = regexOf(schema.pattern);
    if (pattern && !pattern.test(value)) problem(`${JSON.stringify(value)} does not match the pattern ${schema.pattern}`);
  }
}

function checkArray(walk: Walk, schema: { [key: string]: JsonValue }, value: JsonValue[], path: ValuePath, problems: SchemaProblem[]): void {
  const problem = (message: string) => problems.push({ path, message });
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) problem(`${value.length} items, at least ${schema.minItems} expected`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) problem(`${value.length} items, at most ${schema.maxItems} expected`);
  // Draft 2020-12 has prefixItems + items; earlier drafts an items array + additionalItems.
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  value.forEach((item, i) => {
    const itemSchema = i < prefix.length ? prefix[i] : rest;
    if (itemSchema !== undefined && itemSchema !== null) validate(walk, itemSchema as Schema, item, [...path, i], problems);
  });
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = canonical(item);
      if (seen.has(key)) problems.push({ path: [...path, i], message: 'repeats an earlier item, where items must be unique' });
      seen.add(key);
    });
  }
}

function checkObject(walk: Walk, schema: { [key: string]: JsonValue }, value: { [key: string]: JsonValue }, path: ValuePath, problems: SchemaProblem[]): void {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const patterns = isPlainObject(schema.patternProperties) ? Object.entries(schema.patternProperties).map(([p, s]) => [regexOf(p), s] as const) : [];
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) problems.push({ path, message: `missing the required property ${name}` });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, key];
    let known = false;
    // Own keys only: a property called `constructor` is not declared by Object.
    if (Object.hasOwn(properties, key)) {
      known = true;
      validate(walk, properties[key] as Schema, item, at, problems);
    }
    for (const [pattern, itemSchema] of patterns) {
      if (pattern?.test(key)) {
        known = true;
        validate(walk, itemSchema as Schema, item, at, problems);
      }
    }
    if (known || schema.additionalProperties === undefined) continue;
    if (schema.additionalProperties === false) problems.push({ path: at, message: `the property ${key} is not allowed here (allowed: ${Object.keys(properties).join(', ') || 'none'})` });
    else validate(walk, schema.additionalProperties as Schema, item, at, problems);
  }
}

function regexOf(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
