import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { MessageFilter } from '../browsing';

export type { MessageFilter };

export type EventPredicate = (event: FlowEvent) => boolean;

type JsonPathFunction = (options: { path: string; json: JsonValue; wrap: true; eval: 'safe' }) => unknown[];
let jsonPathLoaded: Promise<JsonPathFunction> | undefined;

/** jsonpath-plus, loaded the first time a filter uses a JSONPath (see scripts/build.mjs). */
function loadJsonPath(): Promise<JsonPathFunction> {
  jsonPathLoaded ??= import('jsonpath-plus').then((module) => module.JSONPath as unknown as JsonPathFunction);
  return jsonPathLoaded;
}

export class FilterError extends Error {
  override readonly name = 'FilterError';
}

/** Builds the predicate once per browse; an invalid JSONPath is reported here, before any message is read. */
export async function compileFilter(filter: MessageFilter | undefined): Promise<EventPredicate | undefined> {
  if (!filter) return undefined;
  const checks: EventPredicate[] = [];
  if (filter.key !== undefined) {
    const key = filter.key;
    checks.push((event) => event.source.system === 'kafka' && event.source.keyEncoding === undefined && event.source.key === key);
  }
  if (filter.header !== undefined) {
    const { key, value } = filter.header;
    checks.push((event) => (event.metadata.headers ?? []).some((h) => h.key === key && (value === undefined || h.value === value)));
  }
  if (filter.text !== undefined && filter.text.length > 0) {
    const needle = filter.text.toLowerCase();
    checks.push((event) => valueText(event).toLowerCase().includes(needle));
  }
  if (filter.jsonPath !== undefined && filter.jsonPath.trim().length > 0) {
    const path = filter.jsonPath.trim();
    if (!path.startsWith('$')) throw new FilterError(`A JSONPath starts with "$" (got "${path}"), for example $.status or $[?(@.total > 100)].`);
    const jsonPath = await loadJsonPath();
    try {
      jsonPath({ path, json: {}, wrap: true, eval: 'safe' });
    } catch (error) {
      throw new FilterError(`Invalid JSONPath "${path}": ${error instanceof Error ? error.message : String(error)}`);
    }
    // `$[?(...)]` filters the children of the root; on a message people mean the value itself, so such a
    // path is also tried on the value wrapped in a one-element list.
    const rootFilter = path.startsWith('$[?');
    const selects = (json: JsonValue) => {
      try {
        return jsonPath({ path, json, wrap: true, eval: 'safe' }).length > 0;
      } catch {
        // An expression that fails on one value (a property of null, say) does not select it.
        return false;
      }
    };
    checks.push((event) => event.payload === undefined && (selects(event.data) || (rootFilter && selects([event.data]))));
  }
  return checks.length === 0 ? undefined : (event) => checks.every((check) => check(event));
}

function valueText(event: FlowEvent): string {
  if (event.payload !== undefined) return event.payload.preview;
  return typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
}
