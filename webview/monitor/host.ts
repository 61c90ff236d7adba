/** The flow monitor's channel to the extension: the shared host over its messages. */
import type { MonitorFirstView, MonitorState, MonitorToHost, MonitorToWebview } from '../../src/protocol/monitor';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

export type Host = SharedHost<MonitorToHost, MonitorToWebview, MonitorState, MonitorFirstView>;

export function connectToHost(): Host {
  return connect<MonitorToHost, MonitorToWebview, MonitorState, MonitorFirstView>({
    isState: (value): value is MonitorState => Array.isArray((value as { targets?: unknown } | null)?.targets),
    isFirstView: (value): value is MonitorFirstView => Array.isArray((value as { view?: { charts?: unknown } } | null)?.view?.charts),
  });
}
