/**
 * JSON Schemas are data others wrote (a registry's subjects and their references): 10,000 generated
 * schemas with `$id`s, anchors and `$ref`s that resolve, dangle, loop, point through Object's members or
 * are no URI at all, each with the documents it imports, through the produce document's schema: building it
 * either works or says why, and checking any JSON value and sampling never throw and never hang.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { JsonValue } from '../../../src/core/json';
import { jsonSchemaValue } from '../../../src/connectors/kafka/produceSchemas/jsonSchemaValue';
import { fuzz } from '../support/fuzz';
import { figure } from '../support/figures';

// Refs back to the root and its $defs come often: they make the loops.
const REFS = ['#', '#', '#', '#/$defs/a', '#/$defs/a', '#/$defs/b', '#/$defs/b', '#a', '#/properties/x', 'a.json', 'a.json#/$defs/a', 'https://x.example/s/a.json', '../b.json#b', '#/__proto__', '#/constructor', '#/%zz', 'urn:x', '', 'http://[', '__proto__'];
const IDS = ['https://x.example/s/root.json', 'a.json', 'https://x.example/s/a.json', '#a', 'urn:x', 'http://[', ''];
const NAMES = ['x', 'y', '__proto__', 'constructor', '$id', '$ref', 'default', 'toString'];
const IMPORT_NAMES = ['a.json', 'https://x.example/s/a.json', '../b.json', '__proto__', 'urn:x'];

const { schema } = fc.letrec<{ schema: JsonValue }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    fc.record(
      {
        $id: fc.constantFrom(...IDS),
        $anchor: fc.constantFrom('a', 'b'),
        $ref: fc.constantFrom(...REFS),
        // A type the value does not have ends its check early; most schemas here have none.
        type: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom('object', 'string', 'integer', 'array', 'null'), weight: 1 }),
        properties: fc.dictionary(fc.constantFrom(...NAMES), tie('schema'), { maxKeys: 3 }),
        $defs: fc.record({ a: tie('schema'), b: tie('schema') }, { requiredKeys: [] }),
        required: fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }),
        additionalProperties: tie('schema'),
        items: tie('schema'),
        allOf: fc.array(tie('schema'), { maxLength: 3 }),
        anyOf: fc.array(tie('schema'), { maxLength: 3 }),
        oneOf: fc.array(tie('schema'), { maxLength: 3 }),
        not: tie('schema'),
        const: fc.record({ $ref: fc.constantFrom(...REFS) }),
        minLength: fc.integer({ min: 0, max: 3 }),
      },
      { requiredKeys: [] },
    ),
  ),
}));

const imports = fc.dictionary(fc.constantFrom(...IMPORT_NAMES), fc.oneof(schema.map((s) => JSON.stringify(s)), fc.constant('{not json')), { maxKeys: 3 });

describe('fuzz: JSON Schemas with $id, anchors and $refs in produce documents', () => {
  it('10,000 schemas with their imports: building says why or works; checking any value and sampling never throw or hang', () => {
    let built = 0;
    let refused = 0;
    let problems = 0;
    fuzz('jsonSchema.refs', fc.tuple(schema, imports, fc.jsonValue({ maxDepth: 4 })), ([root, documents, value]) => {
      let valueSchema;
      try {
        valueSchema = jsonSchemaValue(JSON.stringify(root), new Map(Object.entries(documents)));
      } catch (error) {
        assert.ok(error instanceof Error && !(error instanceof RangeError) && error.message.length > 0, `building threw ${String(error)}`);
        refused += 1;
        return;
      }
      built += 1;
      for (const problem of valueSchema.check(value as JsonValue)) {
        assert.ok(Array.isArray(problem.path) && problem.message.length > 0, JSON.stringify(problem));
        problems += 1;
      }
      assert.doesNotThrow(() => JSON.stringify(valueSchema.sample()));
    });
    figure('fuzz.jsonSchema.refs.built', built);
    figure('fuzz.jsonSchema.refs.refused', refused);
    figure('fuzz.jsonSchema.refs.problems', problems);
    // The generator must reach both outcomes, or the property proved less than it says.
    assert.ok(built > 1000 && refused > 100, `built ${built}, refused ${refused}`);
  });
});
