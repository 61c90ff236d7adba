/**
 * The flow view as a person reads it: the status line (events, systems, sources answered) and, since the
 * trace is drawn on a canvas, each event as the keyboard reaches it (Home, then →), in the detail line the
 * view announces for the selected event.
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { uiTimeoutMs } from '../../support/waits';

/** One event as the detail line names it: `type · lane · place · time`, then the lines about it. */
export interface FlowViewEvent {
  type: string;
  lane: string;
  place: string;
  /** The detail's further lines: ids, the hop from its cause, retries. */
  lines: string[];
}

export class FlowViewPage {
  constructor(private readonly frame: FrameLocator) {}

  get status(): Locator {
    return this.frame.locator('#flow-status');
  }

  get canvas(): Locator {
    return this.frame.locator('#flow-canvas');
  }

  /** Waits until every source answered (or failed); returns the status line. */
  async waitUntilRead(timeoutMs = 3 * uiTimeoutMs): Promise<string> {
    await this.frame.locator('#flow-status', { hasText: /source\(s\) answered/ }).waitFor({ timeout: uiTimeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await this.status.textContent()) ?? '';
      if (!text.includes('reading…')) return text;
      if (Date.now() > deadline) throw new Error(`the trace was still reading: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** How many events the status line counts. */
  async eventCount(): Promise<number> {
    const match = /^(\d+) events?\b/.exec((await this.status.textContent()) ?? '');
    if (!match) throw new Error('the status line counts no events');
    return Number(match[1]);
  }

  /** Every event in time order, stepped through with the keyboard. */
  async events(): Promise<FlowViewEvent[]> {
    const count = await this.eventCount();
    const events: FlowViewEvent[] = [];
    for (let i = 0; i < count; i++) {
      await this.canvas.press(i === 0 ? 'Home' : 'ArrowRight');
      events.push(await this.selected());
    }
    return events;
  }

  /** The selected event, as the detail line says it. */
  async selected(): Promise<FlowViewEvent> {
    const [first = '', ...lines] = ((await this.frame.locator('#flow-detail').textContent()) ?? '').split('\n');
    const [type = '', lane = '', place = ''] = first.split(' · ');
    return { type, lane, place, lines };
  }
}
