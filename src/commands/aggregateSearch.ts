import type { AggregateSummary, EventStore } from '../connectors/eventStore';

const SEARCH_DELAY_MS = 200;
const SEARCH_LIMIT = 50;

/** Debounced id-prefix searches; a newer search (or the picker closing) stops the one under way. */
export function serverSearch(
  store: EventStore,
  onlyType: string | undefined,
  closed: AbortSignal,
  show: (matches: AggregateSummary[]) => void,
  fail: (error: unknown) => void,
): (text: string) => void {
  let timer: NodeJS.Timeout | undefined;
  let current: AbortController | undefined;
  let types: Promise<string[]> | undefined;
  closed.addEventListener('abort', () => {
    clearTimeout(timer);
    current?.abort();
  });
  return (text) => {
    clearTimeout(timer);
    current?.abort();
    if (!text) {
      show([]);
      return;
    }
    timer = setTimeout(() => {
      const controller = new AbortController();
      current = controller;
      const signal = AbortSignal.any([controller.signal, closed]);
      types ??= onlyType !== undefined ? Promise.resolve([onlyType]) : store.listAggregateTypes(signal).then((all) => all.map((t) => t.name));
      void (async () => {
        const matches: AggregateSummary[] = [];
        for (const type of await types) {
          const page = await store.listAggregates(type, { idPrefix: text, limit: SEARCH_LIMIT, signal });
          matches.push(...page.items);
        }
        if (!signal.aborted) show(matches);
      })().catch((error: unknown) => {
        types = undefined;
        if (!signal.aborted) fail(error);
      });
    }, SEARCH_DELAY_MS);
  };
}
