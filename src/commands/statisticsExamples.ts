/**
 * A statistics variant's example event, opened from a store: the event is read again by its aggregate and
 * version (the statistics keep where it is, not the event) and opened as a trace's found event opens — its
 * aggregate's timeline at its version, or, for an event no timeline shows, the event as a JSON document.
 */
import type { StoreConnection } from '../connections/connection';
import type { FlowEvent } from '../core/envelope';
import type { EventReference } from '../core/eventStatistics';
import type { EventStore } from '../connectors/eventStore';
import { exampleLabel } from '../panels/statistics/statisticsView';
import { openFoundEvent } from './foundEventOpening';
import { openStore } from './pickers';
import type { CommandServices } from './services';

export async function openStoreExample(services: CommandServices, connection: StoreConnection, type: string, reference: EventReference): Promise<void> {
  if (reference.aggregateId === undefined) throw new Error(`the ${type} example has no aggregate id to find it by.`);
  const store = await openStore(connection);
  const event = await eventAt(store, reference.aggregateId, reference);
  if (event === undefined) throw new Error(`${exampleLabel(reference)} (${type}) is no longer in ${connection.label}: read the statistics again.`);
  await openFoundEvent(services, { event, connectionId: connection.id, connectionLabel: connection.label, source: connection.label });
}

/** The first event of the aggregate at the reference's version (or with its id, when it has no version). */
async function eventAt(store: EventStore, aggregateId: string, reference: EventReference): Promise<FlowEvent | undefined> {
  const { version, eventId } = reference;
  for await (const batch of store.readStream(aggregateId, version === undefined ? {} : { fromVersion: version, batchSize: 1 })) {
    for (const event of batch) {
      if (version !== undefined) return event.version === version ? event : undefined;
      if (eventId === undefined || event.id === eventId) return event;
    }
  }
  return undefined;
}
