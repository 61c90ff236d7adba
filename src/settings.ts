import * as v from 'valibot';
import { placeProblem } from './core/identity';
import type { IdentitySetting } from './connections/identitySetting';

/** The extension's settings after validation; a malformed value falls back to its default and is reported. */
export interface EventFlowsSettings {
  localPath: string;
  reducers: Record<string, string>;
  pageSize: number;
  sampleOrders: number;
  /** Where each connection reads event ids, types, correlation, causation and trace ids (overrides of the defaults). */
  identity: IdentitySetting;
}

export const DEFAULT_SETTINGS: EventFlowsSettings = {
  localPath: '.eventflow/events.ndjson',
  reducers: {},
  pageSize: 100,
  sampleOrders: 5,
  identity: {},
};

const places = v.array(v.pipe(v.string(), v.check((place) => placeProblem(place) === undefined, (issue) => placeProblem(String(issue.input)) ?? 'not a place')));

const schemas = {
  localPath: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty')),
  reducers: v.record(v.string(), v.picklist(['generic', 'order', 'chapter-order'], 'must name a built-in reducer: "generic", "order" or "chapter-order"')),
  pageSize: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(1000)),
  sampleOrders: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10000)),
  identity: v.record(v.string(), v.strictObject({ eventId: v.optional(places), type: v.optional(places), correlationId: v.optional(places), causationId: v.optional(places), traceId: v.optional(places) })),
} satisfies { [K in keyof EventFlowsSettings]: v.GenericSchema<unknown, EventFlowsSettings[K]> };

const keys: { [K in keyof EventFlowsSettings]: string } = {
  localPath: 'local.path',
  reducers: 'reducers',
  pageSize: 'tree.pageSize',
  sampleOrders: 'samples.orders',
  identity: 'identity',
};

export interface SettingsResult {
  settings: EventFlowsSettings;
  problems: string[];
}

/** Reads settings through `get` (VS Code's configuration or a plain object in tests). */
export function readSettings(get: (key: string) => unknown): SettingsResult {
  const problems: string[] = [];
  const settings = { ...DEFAULT_SETTINGS };
  for (const name of Object.keys(schemas) as (keyof EventFlowsSettings)[]) {
    const key = keys[name];
    const raw = get(key);
    if (raw === undefined) {
      continue;
    }
    const result = v.safeParse(schemas[name], raw);
    if (result.success) {
      (settings as Record<string, unknown>)[name] = result.output;
    } else {
      problems.push(`Setting "eventFlows.${key}" is invalid (${result.issues[0].message}); using ${JSON.stringify(DEFAULT_SETTINGS[name])} instead.`);
    }
  }
  return { settings, problems };
}
