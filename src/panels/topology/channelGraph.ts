import type { Channel, ChannelLink, ChannelMap, ChannelReader } from '../../connectors/reads/channels';
import type { TopologyEdge, TopologyFigure, TopologyGraph, TopologyNode } from '../../protocol/topology';

export interface ChannelGraphOptions {
  /** The connection's label, and the part of it the map covers, as its kind names it. */
  connection: string;
  scope: string;
  /** What a click on the node does, in words (the host that answers the click knows). */
  action(item: Channel | ChannelReader): string;
  readAt?: Date;
}

/**
 * Channels as the graph the topology view draws: every channel but the broker's own ones nothing routes
 * from (marked `internal` by their kind), each reader, and the links between what is drawn (a link to
 * something not drawn or not listed is left out).
 */
export function channelGraph(map: ChannelMap, options: ChannelGraphOptions): TopologyGraph {
  const routesFrom = new Set(map.links.filter((l) => l.kind === 'route').map((l) => l.from));
  const nodes: TopologyNode[] = [];
  for (const channel of map.channels) {
    if (channel.internal && !routesFrom.has(channel.id)) continue;
    nodes.push({
      id: channel.id,
      kind: channel.kind,
      role: channel.role,
      name: channel.name,
      detail: channel.detail ?? '',
      figures: channelFigures(channel),
      marks: [...(channel.holdsDeadLetters ? (['dlq'] as const) : []), ...(channel.delayMs !== undefined ? (['delay'] as const) : [])],
      action: options.action(channel),
    });
  }
  for (const reader of map.readers) {
    const figures: TopologyFigure[] = reader.members === undefined ? [] : [{ label: 'members', value: reader.members }];
    nodes.push({ id: reader.id, kind: reader.kind, role: 'reads', name: reader.name, detail: reader.state ?? '', figures, marks: [], action: options.action(reader) });
  }
  const drawn = new Set(nodes.map((n) => n.id));
  const edges = map.links.filter((l) => drawn.has(l.from) && drawn.has(l.to)).map(linkEdge);
  return {
    connection: options.connection,
    scope: options.scope,
    nodes,
    edges,
    readAt: (options.readAt ?? new Date()).toISOString(),
    ...(map.capped ? { capped: `Drawn from the first ${map.capped.limit}: ${map.capped.note}.` } : {}),
  };
}

/** What waits and what is out with a consumer, where the kind counts those; else what it holds. */
function channelFigures(channel: Channel): TopologyFigure[] {
  const { messages, partitions, ready, unacked, consumers, aggregates } = channel.figures;
  const figures: TopologyFigure[] = [];
  if (ready !== undefined || unacked !== undefined) figures.push({ label: 'ready', value: ready ?? 0 }, { label: 'unacked', value: unacked ?? 0 });
  else if (messages !== undefined) figures.push({ label: 'messages', value: messages });
  if (partitions !== undefined) figures.push({ label: 'partitions', value: partitions });
  if (aggregates !== undefined) figures.push({ label: 'aggregates', value: aggregates });
  if (consumers !== undefined) figures.push({ label: 'consumers', value: consumers, tooltipOnly: true });
  return figures;
}

function linkEdge(link: ChannelLink): TopologyEdge {
  switch (link.kind) {
    case 'route':
      return { from: link.from, to: link.to, kind: 'route', label: link.routingKey };
    case 'dead-letter':
      if (link.afterMs !== undefined) return { from: link.from, to: link.to, kind: 'delay', label: `after ${link.afterMs} ms${link.routingKey ? ` as ${link.routingKey}` : ''}` };
      return { from: link.from, to: link.to, kind: 'dead-letter', label: link.routingKey ?? 'dead letters' };
    case 'reads':
      return { from: link.from, to: link.to, kind: 'reads', label: link.lag === undefined ? '' : `lag ${link.lag}` };
  }
}
