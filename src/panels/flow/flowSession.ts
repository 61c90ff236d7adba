/**
 * One trace as the flow view shows it: the sources (with how each answered), the window (±1 h, widened in
 * steps on request), the flow found so far; runs the trace and stops it. Free of the vscode API.
 */
import { buildFlowTrace, shortId } from '../../core/flow/flowTrace';
import type { FoundEvent } from '../../core/flow/flowTypes';
import { describeOutcome } from '../../connectors/reads/readPlan';
import type { SearchSource } from '../../connectors/reads/searchRun';
import { DEFAULT_TRACE_HALF_WINDOW_MS, findEventById, runTrace, traceStartOf, traceWindow, type TraceResult, type TraceStart } from '../../connectors/reads/traceRun';
import type { FlowSourceStatus, FlowViewModel } from '../../protocol/flow';

const HOUR = 60 * 60 * 1000;
/** The windows a trace widens through: ±1 h, ±6 h, ±24 h, ±7 days, then all time. */
export const WINDOW_STEPS = [DEFAULT_TRACE_HALF_WINDOW_MS, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR, Infinity];

export interface FlowSessionOptions {
  start: TraceStart;
  /**
   * An id the user typed, followed first as a correlation id: when that finds nothing it is looked up as an
   * event id, and the trace starts again from the event it names.
   */
  typedId?: string;
  sources: readonly SearchSource[];
  /** Sources the plan refused or the user left out, with why: listed, never read. */
  leftOut: readonly { label: string; reason: string }[];
  describeError(error: unknown): string;
  /** Called after every change (a source answered, the run ended). */
  changed(view: FlowViewModel): void;
}

export class FlowSession {
  private step = 0;
  private statuses: FlowSourceStatus[] = [];
  private result: TraceResult = { trace: buildFlowTrace([]), found: [] };
  private controller: AbortController | undefined;
  private running = false;
  private start: TraceStart;

  constructor(private readonly options: FlowSessionOptions) {
    this.start = options.start;
  }

  get found(): readonly FoundEvent[] {
    return this.result.found;
  }

  get trace(): TraceResult['trace'] {
    return this.result.trace;
  }

  /** Runs the trace in the current window; resolves when every source answered or it was stopped. */
  async run(): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    const label = (s: SearchSource): string => `${s.connectionLabel} › ${s.plan.source}`;
    this.statuses = [
      ...this.options.sources.map((s): FlowSourceStatus => ({ label: label(s), state: 'reading', detail: '', found: 0 })),
      ...this.options.leftOut.map((s): FlowSourceStatus => ({ label: s.label, state: 'left-out', detail: s.reason, found: 0 })),
    ];
    this.result = { trace: buildFlowTrace([]), found: [] };
    this.emit();
    // runTrace hands back its own wrapper of each source: they are told apart by connection and source name.
    const key = (s: SearchSource): string => `${s.connectionId}\u0000${s.plan.source}`;
    const byKey = new Map(this.options.sources.map((s, i) => [key(s), this.statuses[i]]));
    try {
      const result = await runTrace(
        this.options.sources,
        this.start,
        { halfWidthMs: this.halfWidth(), signal: controller.signal },
        {
          onResult: (source, result, traced) => {
            // A source of a stopped run that answers anyway (it ignored the signal) must not touch the new run.
            if (this.controller !== controller) return;
            const status = byKey.get(key(source));
            if (status) Object.assign(status, { state: 'answered', found: result.events.length, detail: [`${result.events.length} found of ${result.scanned} read; ${describeOutcome(result.outcome)}`, ...result.notes].join(' ') });
            this.result = traced;
            this.emit();
          },
          onError: (source, error) => {
            if (this.controller !== controller) return;
            const status = byKey.get(key(source));
            if (status) Object.assign(status, { state: 'failed', detail: this.options.describeError(error) });
            this.emit();
          },
        },
      );
      if (this.controller === controller) this.result = result;
      if (this.result.trace.nodes.length === 0 && this.options.typedId !== undefined && this.start.eventId === undefined && !controller.signal.aborted) {
        const event = await findEventById(this.options.sources, this.options.typedId, controller.signal);
        if (event) {
          this.start = traceStartOf(event);
          this.step = 0;
          if (this.controller === controller) this.controller = undefined;
          await this.run();
          return;
        }
      }
    } finally {
      if (this.controller === controller) {
        this.running = false;
        for (const status of this.statuses) if (status.state === 'reading') Object.assign(status, { state: 'failed', detail: controller.signal.aborted ? 'stopped before it answered' : 'did not answer' });
        this.emit();
      }
    }
  }

  /** Stops the reads still running (each source's own cancel leaves nothing behind on its server). */
  stop(): void {
    this.controller?.abort();
  }

  /** The next wider window, run again; false when the trace already searched all time. */
  async widen(): Promise<boolean> {
    if (!this.canWiden()) return false;
    this.step += 1;
    await this.run();
    return true;
  }

  view(): FlowViewModel {
    const { start } = this;
    const ids = [
      start.correlationId === undefined ? '' : `correlation id ${shortId(start.correlationId)}`,
      start.traceId === undefined ? '' : `trace id ${start.traceId}`,
      start.correlationId === undefined && start.traceId === undefined && start.eventId !== undefined ? `event id ${shortId(start.eventId)}` : '',
    ].filter((s) => s !== '');
    return {
      title: `Flow of ${ids.join(' and ')}`,
      window: describeWindow(start, this.halfWidth()),
      trace: this.result.trace,
      sources: this.statuses.map((s) => ({ ...s })),
      running: this.running,
      canWiden: this.canWiden(),
    };
  }

  private canWiden(): boolean {
    return this.start.at !== undefined && this.step < WINDOW_STEPS.length - 1;
  }

  private halfWidth(): number {
    return WINDOW_STEPS[this.step];
  }

  private emit(): void {
    this.options.changed(this.view());
  }
}

/** "±1 h around 2026-12-06 10:00:00 UTC", or "all time". */
export function describeWindow(start: TraceStart, halfWidthMs: number): string {
  const window = traceWindow(start, halfWidthMs);
  if (window.from === undefined || start.at === undefined) return 'all time';
  const hours = halfWidthMs / HOUR;
  const width = hours >= 24 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} h`;
  return `±${width} around ${new Date(start.at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}
