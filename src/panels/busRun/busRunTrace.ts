/**
 * Trace This Event's Flow from a bus run: one of the run's events as the event a trace starts from. The bus
 * runs in memory, so the event's source says it came from the run's bus file. An event a handler published
 * carries its cause's correlation id but no time of its own: it is traced around its nearest cause's time,
 * the time of the events it belongs with.
 */
import type { EventMetadata, FlowEvent } from '../../core/envelope';
import type { BusEvent, BusRun, BusTrace } from '../../sandbox/bus/busTypes';

/** The system a bus event's source names: not a connection, the run itself. */
export const BUS_RUN_SYSTEM = 'bus-run';

/** The run's event with this id as a traceable event; undefined when the run has no such event. */
export function traceableBusEvent(run: BusRun, eventId: string): FlowEvent | undefined {
  const path = pathTo(run.traces, eventId);
  if (!path) return undefined;
  const event = path[path.length - 1].event;
  const timestamp = [...path].reverse().find((trace) => typeof trace.event.timestamp === 'string' && trace.event.timestamp !== '')?.event.timestamp ?? '';
  return {
    id: event.id,
    type: event.type,
    timestamp,
    data: event.data,
    ...(event.aggregateId === undefined ? {} : { aggregateId: event.aggregateId }),
    ...(event.version === undefined ? {} : { version: event.version }),
    metadata: idsOf(event),
    source: { system: BUS_RUN_SYSTEM, file: run.file },
  };
}

/** The traces from a root down to the one of the event, or undefined. */
function pathTo(traces: readonly BusTrace[], eventId: string): BusTrace[] | undefined {
  for (const trace of traces) {
    if (trace.event.id === eventId) return [trace];
    const below = pathTo(trace.children, eventId);
    if (below) return [trace, ...below];
  }
  return undefined;
}

/** The ids a trace follows, as the bus event carries them (its metadata is the user's JSON: only strings count). */
function idsOf(event: BusEvent): EventMetadata {
  const metadata = event.metadata ?? {};
  const ids: EventMetadata = {};
  for (const key of ['correlationId', 'causationId', 'traceId', 'parentSpanId'] as const) {
    const value = metadata[key];
    if (typeof value === 'string' && value !== '') ids[key] = value;
  }
  return ids;
}
