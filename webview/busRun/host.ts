/** The bus-run view's channel to the extension: the shared host over its messages, with its guards. */
import type { BusRunFirstView, BusRunToExtension, BusRunToWebview, BusRunViewState } from '../../src/protocol/busRun';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

export type Host = SharedHost<BusRunToExtension, BusRunToWebview, BusRunViewState, BusRunFirstView>;

export function connectToHost(): Host {
  return connect<BusRunToExtension, BusRunToWebview, BusRunViewState, BusRunFirstView>({ isState, isFirstView });
}

function isFirstView(value: unknown): value is BusRunFirstView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<Record<keyof BusRunFirstView, unknown>>;
  return view.type === 'init' && Array.isArray(view.traces) && Array.isArray(view.deadLetters) && typeof view.file === 'string';
}

function isState(value: unknown): value is BusRunViewState {
  if (typeof value !== 'object' || value === null) return false;
  const folded = (value as { folded?: unknown }).folded;
  return Array.isArray(folded) && folded.every((item) => typeof item === 'string');
}
