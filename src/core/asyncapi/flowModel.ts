/**
 * The flow as an AsyncAPI document sees it: channels with the links between them, per connection, and the
 * messages sampled from each. The shapes match `connectors/reads/channels.ts` field for field (a listing is
 * passed as it is); they are restated here because core imports nothing from connectors.
 */
export interface FlowChannel {
  id: string;
  connectionId: string;
  connectionKind: string;
  kind: string;
  name: string;
  role: 'routes' | 'holds';
  scope?: string;
  detail?: string;
  internal?: boolean;
  holdsDeadLetters?: boolean;
  figures: { messages?: number; partitions?: number };
}

export type FlowLink = { kind: 'route'; from: string; to: string; routingKey: string } | { kind: 'dead-letter'; from: string; to: string; routingKey?: string } | { kind: 'reads'; from: string; to: string };

export interface FlowConnection {
  id: string;
  label: string;
  channels: readonly FlowChannel[];
  links: readonly FlowLink[];
  /** What the listing left out, in words. */
  capped?: string;
}
