/**
 * The timeline as a debugger: version A to compare with the selected one (B), the "stop when" breakpoint
 * that play stops at, Copy Link, Go to Code, and the engine's tools for this aggregate over A…B. The
 * comparison shows below the bar, A's value beside B's for every path that differs.
 */
import type { EventDetail, StateComparison, TimelineTool, WebviewToExtension } from '../../src/protocol/timeline';
import { MAX_BREAKPOINT_LENGTH } from '../../src/protocol/common';
import { el, setText } from '../shared/dom';
import { icon, type IconName } from '../shared/icons';
import { createButton, type ToolkitButton } from '../shared/toolkit';
import { ToolsMenu } from './toolsMenu';

const TOOLS: Array<{ tool: TimelineTool; label: string; title: string }> = [
  { tool: 'whatIf', label: 'What if…', title: 'Replay this stream through another reducer, or the reducer file at git HEAD, and show where the states differ' },
  { tool: 'upcastPreview', label: 'Upcasters', title: 'Each event before and after the workspace upcasters, and the events none covers' },
  { tool: 'snapshotDrift', label: 'Snapshot drift', title: 'Compare each stored snapshot with the state the events give' },
  { tool: 'generateTest', label: 'Generate test', title: 'A given / when / then test from events A…B (the selected event when no A is set)' },
  { tool: 'debugReducer', label: 'Debug reducer', title: 'Replay in the JavaScript debugger, paused before the selected event' },
  { tool: 'runThroughBus', label: 'Run through bus', title: 'Send events A…B through .eventflow/bus.js' },
];

export class DebugBar {
  readonly element: HTMLElement;
  private readonly aLabel = el('span', { id: 'version-a', className: 'muted', text: 'A: none' });
  private readonly compareButton: ToolkitButton;
  private readonly input: HTMLInputElement;
  private readonly breakpointStatus = el('span', { id: 'breakpoint-status', className: 'muted' });
  private readonly comparison = el('section', { id: 'comparison', className: 'comparison', attributes: { 'aria-label': 'Comparison of two versions' } });
  private a: { index: number; label: string } | undefined;
  private selected: EventDetail | undefined;

  constructor(private readonly post: (message: WebviewToExtension) => void) {
    // Icons with their names as tooltips and accessible names: the bar keeps to one row from 600 px.
    const button = (id: string, name: IconName, title: string, onClick: () => void): ToolkitButton => {
      const created = createButton({ id, label: title, appearance: 'icon', content: [icon(name)] });
      created.addEventListener('click', onClick);
      return created;
    };
    const setA = button('set-a', 'markA', 'Set A: mark the selected event as version A', () => this.markA());
    this.compareButton = button('compare', 'compare', 'Compare A ↔ B: the state after A against the state after the selected event (B)', () => this.compare());
    this.input = el('input', { id: 'breakpoint', className: 'breakpoint-input', attributes: { type: 'text', spellcheck: 'false', maxlength: String(MAX_BREAKPOINT_LENGTH), placeholder: 'stop when… e.g. state.total < 0', 'aria-label': 'Stop when this expression over state and event is true' } });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.submitBreakpoint();
    });
    // What the status said was about the expression before: an edit makes it stale.
    this.input.addEventListener('input', () => setText(this.breakpointStatus, ''));
    const setBreakpoint = button('set-breakpoint', 'breakpoint', 'Stop when: play stops after the first event for which the expression is true (Enter)', () => this.submitBreakpoint());
    const copyLink = button('copy-link', 'link', 'Copy link: a vscode:// link to this aggregate at the selected version', () => this.post({ type: 'copyLink' }));
    const goToCode = button('go-to-code', 'code', 'Go to code: the places in the workspace that define or handle the selected event type', () => {
      if (this.selected) this.post({ type: 'goToCode', eventType: this.selected.type });
    });
    const tools = new ToolsMenu([
      ...TOOLS.map(({ tool, label, title }) => ({ id: `tool-${tool}`, label, title, run: () => this.runTool(tool) })),
      { id: 'tool-traceFlow', label: 'Trace flow', title: 'Follow the selected event across every connection by its correlation and trace ids', run: () => this.post({ type: 'traceFlow' }) },
    ]);
    this.element = el('div', { className: 'debug' }, [
      el('div', { className: 'debug-bar', attributes: { role: 'toolbar', 'aria-label': 'Debugging' } }, [
        el('div', { className: 'debug-group compare-group' }, [setA, this.aLabel, this.compareButton]),
        el('div', { className: 'debug-group breakpoint-group' }, [this.input, setBreakpoint, this.breakpointStatus]),
        el('div', { className: 'debug-group' }, [copyLink, goToCode, tools.element]),
      ]),
      this.comparison,
    ]);
    this.comparison.hidden = true;
    this.compareButton.disabled = true;
  }

  setSelected(detail: EventDetail): void {
    this.selected = detail;
    // Only a change is written: a step must not restyle the bar.
    const disabled = this.a === undefined;
    if (this.compareButton.disabled !== disabled) this.compareButton.disabled = disabled;
  }

  /** A new stream (or a reload): A and the comparison belong to the old one. */
  reset(): void {
    this.a = undefined;
    this.selected = undefined;
    setText(this.aLabel, 'A: none');
    this.compareButton.disabled = true;
    this.comparison.hidden = true;
  }

  showBreakpoint(expression: string | null): void {
    if (expression !== null && this.input.value.trim() !== expression) this.input.value = expression;
    setText(this.breakpointStatus, expression === null ? '' : 'set: play stops where it is true');
  }

  showHit(index: number, expression: string): void {
    const version = this.selected?.index === index ? this.selected.version : null;
    const status = `stopped after ${version !== null ? `v${version}` : `event #${index + 1}`}: ${expression}`;
    setText(this.breakpointStatus, status);
    this.breakpointStatus.title = status;
  }

  showComparison(comparison: StateComparison): void {
    const name = (side: StateComparison['a']): string => `${side.version !== null ? `v${side.version}` : `#${side.index + 1}`} ${side.type}`;
    const close = el('button', { className: 'link-button', text: 'Close', attributes: { type: 'button' } });
    close.addEventListener('click', () => {
      this.comparison.hidden = true;
    });
    const heading = el('div', { className: 'comparison-heading' }, [
      el('strong', { text: `A ${name(comparison.a)} ↔ B ${name(comparison.b)}` }),
      el('span', { className: 'muted', text: comparison.changes.length === 0 ? 'the two states are equal' : `${comparison.changes.length}${comparison.truncated ? '+' : ''} differences` }),
      close,
    ]);
    const rows = comparison.changes.map((change) =>
      el('tr', { className: `diff-${change.kind}` }, [
        el('td', { className: 'diff-path', text: change.path || '(the state)' }),
        el('td', { className: 'diff-before', text: change.kind === 'added' ? '—' : short(change.before) }),
        el('td', { className: 'diff-after', text: change.kind === 'removed' ? '—' : short(change.after) }),
      ]),
    );
    const table = el('table', { className: 'diff' }, [el('thead', {}, [el('tr', {}, [el('th', { text: 'path' }), el('th', { text: 'A' }), el('th', { text: 'B' })])]), el('tbody', {}, rows)]);
    this.comparison.replaceChildren(heading, ...(rows.length ? [table] : []));
    this.comparison.hidden = false;
  }

  private submitBreakpoint(): void {
    setText(this.breakpointStatus, '');
    this.post({ type: 'setBreakpoint', expression: this.input.value });
  }

  private markA(): void {
    if (!this.selected) return;
    const { index, version, type } = this.selected;
    this.a = { index, label: `${version !== null ? `v${version}` : `#${index + 1}`} ${type}` };
    setText(this.aLabel, `A: ${this.a.label}`);
    this.aLabel.title = `Version A: ${this.a.label}`;
    this.compareButton.disabled = false;
  }

  private compare(): void {
    if (this.a && this.selected) this.post({ type: 'compare', a: this.a.index, b: this.selected.index });
  }

  private runTool(tool: TimelineTool): void {
    if (!this.selected) return;
    const to = this.selected.index;
    const from = tool === 'generateTest' || tool === 'runThroughBus' ? (this.a?.index ?? to) : to;
    this.post({ type: 'tool', tool, from, to });
  }
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
