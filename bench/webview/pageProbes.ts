/**
 * Timing probes injected into the webview page before its own script runs. They only watch: the first
 * frame with event rows in it, and for every `selected` message the time the app spent on it (its
 * handler plus the style and layout it caused) and the next frame after it.
 */
export interface StepTiming {
  /** Milliseconds from the last keydown to the `selected` message arriving (the host round trip). */
  keyToMessage: number;
  /** Milliseconds the app's handler and the layout it caused took. */
  render: number;
  /** Milliseconds from the keydown to the first frame after the render. */
  keyToFrame: number;
}

export interface PageProbes {
  firstRowsFrameMs?: number;
  firstContentfulPaintMs?: number;
  steps: StepTiming[];
}

export const PROBE_SCRIPT = `
(() => {
  const probes = { steps: [] };
  window.__efxProbes = probes;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') probes.firstContentfulPaintMs = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const rowsObserver = new MutationObserver(() => {
    if (!document.querySelector('.event-row')) return;
    rowsObserver.disconnect();
    requestAnimationFrame(() => { probes.firstRowsFrameMs = performance.now(); });
  });
  rowsObserver.observe(document, { childList: true, subtree: true });
  let lastKey = 0;
  window.addEventListener('keydown', () => { lastKey = performance.now(); }, true);
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'selected' || lastKey === 0) return;
    const received = performance.now();
    const key = lastKey;
    lastKey = 0;
    // A message posted now is handled after this task, i.e. after the app's own listener has run.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      void document.body.offsetHeight;
      const rendered = performance.now();
      requestAnimationFrame(() => {
        probes.steps.push({ keyToMessage: received - key, render: rendered - received, keyToFrame: performance.now() - key });
      });
    };
    channel.port2.postMessage(0);
  }, true);
})();
`;
