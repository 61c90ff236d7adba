/**
 * A topic's or queue's statistics in the statistics view. A variant's example opens in one click as a
 * search's found message opens: read again at its offset (a Kafka partition's, a stream's), or, for a classic
 * or quorum queue, the message as it was peeked (kept with the view: reading the queue again would change it).
 */
import type { SourceExamples } from '../connectors/reads/sourceExamples';
import type { EventReference } from '../core/eventStatistics';
import { isPeekedPlace } from '../core/messagePlace';
import { exampleLabel } from '../panels/statistics/statisticsView';
import { withProgress } from '../ui/progress';
import { openFoundEvent } from './foundEventOpening';
import type { CommandServices } from './services';

/** The connection and the topic or queue the statistics were read from. */
export interface StatisticsSource {
  connectionId: string;
  label: string;
  source: string;
}

/** Opens a variant's example: a peeked message as it was kept, an offset read again from the broker as it is now. */
export async function openSourceExample(services: CommandServices, from: StatisticsSource, examples: SourceExamples, type: string, reference: EventReference): Promise<void> {
  const event = await withProgress(`Reading the ${type} example (${exampleLabel(reference)}) of ${from.source}`, async (signal) => {
    // A peeked message is kept; an offset is read by the connection as it is now (closed and opened again since, maybe).
    if (reference.place !== undefined && isPeekedPlace(reference.place)) return examples.read(reference, signal);
    const opened = await services.connections.open(from.connectionId, signal);
    if (opened.role !== 'broker') throw new Error(`${opened.connection.label} is no longer a broker.`);
    return examples.read(reference, signal, opened.broker);
  });
  await openFoundEvent(services, { event, connectionId: from.connectionId, connectionLabel: from.label, source: from.source });
}
