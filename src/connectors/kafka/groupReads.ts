import type { DescribedGroup, FetchConnection, FetchedOffsets } from './fetchConnection';

/** How long a group's coordinator is trusted before it is asked for again (a failure forgets every one). */
const COORDINATORS_KEPT_MS = 60_000;

/**
 * Groups described and their committed offsets fetched for a sampler that reads them every second: one
 * DescribeGroups per coordinator and one OffsetFetch per group, with each group's coordinator kept a
 * minute. kafkajs's admin asks for the coordinator before every describe and every fetch, which doubles
 * the requests. Any failure (a coordinator moved, the cluster away) forgets the coordinators and is
 * thrown: the caller then reads through the admin.
 */
export class GroupReads {
  private readonly coordinators = new Map<string, { node: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The groups described (a group nobody uses comes back Dead), and the offsets of those in `committedOf`. */
  async read(connection: FetchConnection, groupIds: readonly string[], committedOf: ReadonlySet<string>): Promise<{ described: DescribedGroup[]; committed: Map<string, FetchedOffsets> }> {
    try {
      const byNode = new Map<number, string[]>();
      for (const groupId of new Set(groupIds)) {
        const node = await this.coordinatorOf(connection, groupId);
        byNode.set(node, [...(byNode.get(node) ?? []), groupId]);
      }
      const described = (await Promise.all([...byNode].map(([node, ids]) => connection.describeGroups(node, ids)))).flat();
      const committed = new Map<string, FetchedOffsets>();
      for (const [node, ids] of byNode) {
        for (const groupId of ids) {
          const group = described.find((g) => g.groupId === groupId);
          if (group !== undefined && group.state !== 'Dead' && committedOf.has(groupId)) committed.set(groupId, await connection.committedOffsets(node, groupId));
        }
      }
      return { described, committed };
    } catch (error) {
      this.coordinators.clear();
      throw error;
    }
  }

  private async coordinatorOf(connection: FetchConnection, groupId: string): Promise<number> {
    const kept = this.coordinators.get(groupId);
    if (kept !== undefined && this.now() - kept.at < COORDINATORS_KEPT_MS) return kept.node;
    const node = await connection.coordinatorOf(groupId);
    this.coordinators.set(groupId, { node, at: this.now() });
    return node;
  }
}
