import type { Connection } from './connection';

/**
 * What the registry knows of one kind of connection (Local, MongoDB, …). Each kind lives in its own
 * folder under `connections/` (profiles, secrets, the connection class) and builds one of these; the tree
 * and the commands of the kind live in `explorer/<kind>/` and `commands/<kind>/`.
 */
export interface ConnectionKind {
  /** Also the `kind` of every connection it makes. */
  readonly id: string;
  /** What one connection of this kind is called in tooltips and pickers, e.g. "Local event store". */
  readonly title: string;
  /**
   * The settings (under `eventFlows.`) its connections are made from: a change there reloads the kind.
   * A malformed entry is reported through `report` and left out; the rest still load.
   */
  readonly settings: readonly string[];
  load(report: (problem: string) => void): Connection[];
  /**
   * Equal keys mean a reloaded connection is the one already there: it is kept as it is (and stays
   * connected), so editing one profile does not drop the others.
   */
  sameAs(connection: Connection): string;
}
