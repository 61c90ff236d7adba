/**
 * How a kind's channels read in AsyncAPI: its channel bindings (`kafka`, `amqp`, …) and the protocol name.
 * Each kind registers one from its own folder, as it does its source describer; a kind without one gets
 * channels without bindings.
 */
import type { FlowChannel } from './flowModel';

export interface AsyncApiChannelBindings {
  /** The connection kind it describes (`Channel.connectionKind`). */
  readonly connectionKind: string;
  /** The AsyncAPI bindings object of one channel; undefined when it has none. */
  bindings(channel: FlowChannel): Record<string, unknown> | undefined;
}

const registered = new Map<string, AsyncApiChannelBindings>();

export function registerAsyncApiBindings(bindings: AsyncApiChannelBindings): void {
  registered.set(bindings.connectionKind, bindings);
}

export function asyncApiBindingsOf(channel: FlowChannel): Record<string, unknown> | undefined {
  return registered.get(channel.connectionKind)?.bindings(channel);
}
