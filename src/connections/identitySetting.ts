import { withOverrides, type IdentityField, type IdentityRules } from '../core/identity';

/** Where one connection reads ids from instead of the defaults: a list of places per field. */
export type IdentityOverride = Partial<Record<IdentityField, string[]>>;

/**
 * `eventFlows.identity`, keyed by `*` (every connection), a kind (`mongo`), a connection's name or its id
 * (`mongo:<profile id>`), the more precise key winning field by field. Each field's list replaces the
 * default list for that field (see connectors/README.md for the places and the default order).
 */
export type IdentitySetting = Record<string, IdentityOverride>;

/** Rules for one connection from `eventFlows.identity` (undefined: the defaults). */
export type IdentityFor = (connection: { id: string; kind: string; label: string }) => IdentityRules | undefined;

/** The rules for one connection, or undefined when the setting says nothing about it (the defaults apply). */
export function identityRulesFor(setting: IdentitySetting, connection: { id: string; kind: string; label: string }): IdentityRules | undefined {
  const layers = ['*', connection.kind, connection.label, connection.id].map((key) => (Object.prototype.hasOwnProperty.call(setting, key) ? setting[key] : undefined));
  if (layers.every((layer) => layer === undefined)) return undefined;
  return withOverrides(Object.assign({}, ...layers) as IdentityOverride);
}
