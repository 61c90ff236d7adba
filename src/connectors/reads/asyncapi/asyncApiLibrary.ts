/**
 * The AsyncAPI project's parser, a YAML writer and a JSON Schema validator: about 3 MB that only the AsyncAPI
 * commands need. The extension bundle never holds them; it requires this file, bundled apart as
 * dist/lazy/asyncapi.js (scripts/build.mjs), on first use (`asyncApiLibraries.ts`).
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- js-yaml ships no types: its one function used is declared beside this file, for every program that compiles it (the bench too)
/// <reference path="./jsYaml.d.ts" />
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';

export { Parser };

/** YAML with every value quoted as its content needs; no anchors, no folding of long lines. */
export function toYaml(value: unknown): string {
  return yaml.dump(value, { noRefs: true, lineWidth: -1 });
}

/** A validator for payload schemas as AsyncAPI documents write them (unknown keywords such as `x-…` allowed). */
export function payloadValidator(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, addUsedSchema: false });
  addFormats(ajv);
  return ajv;
}
