/**
 * Timing probes injected into the webview page before its own script runs. They only watch: the first
 * frame with event rows in it, and for every `selected` message the time the app spent on it (its
 * message listeners plus the style and layout they caused, timed around the listeners themselves) and the
 * next frame after it.
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
  // The app's own message listeners are timed from inside, each followed by the layout it leaves pending.
  // A task posted after them would not do: it can run after a rendering update, and then about half the
  // steps measured a whole frame's paint of the step before.
  // The step of the \`selected\` message being handled, opened by the probe's own listener, which runs first.
  let pending;
  const timedListeners = new WeakMap();
  const addEventListener = window.addEventListener;
  const removeEventListener = window.removeEventListener;
  window.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function') return addEventListener.call(this, type, listener, options);
    const timed = timedListeners.get(listener) ?? function (event) {
      const step = pending !== undefined && pending.event === event ? pending : undefined;
      const started = performance.now();
      try {
        return listener.call(this, event);
      } finally {
        if (step !== undefined) {
          void document.body.offsetHeight;
          step.render += performance.now() - started;
        }
      }
    };
    timedListeners.set(listener, timed);
    return addEventListener.call(this, type, timed, options);
  };
  window.removeEventListener = function (type, listener, options) {
    return removeEventListener.call(this, type, (typeof listener === 'function' && timedListeners.get(listener)) || listener, options);
  };
  addEventListener.call(window, 'message', (event) => {
    if (!event.data || event.data.type !== 'selected' || lastKey === 0) return;
    const step = { event, key: lastKey, received: performance.now(), render: 0 };
    pending = step;
    lastKey = 0;
    // Posted now, handled after this event's listeners: the step is complete, and its next frame follows.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (pending === step) pending = undefined;
      requestAnimationFrame(() => {
        probes.steps.push({ keyToMessage: step.received - step.key, render: step.render, keyToFrame: performance.now() - step.key });
      });
    };
    channel.port2.postMessage(0);
  }, true);
})();
`;
