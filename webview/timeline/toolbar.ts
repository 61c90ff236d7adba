/** The step controls and the export buttons. */
import type { StepTarget } from '../../src/protocol/timeline';
import { el } from '../shared/dom';
import { icon } from '../shared/icons';
import { createButton, type ToolkitButton } from '../shared/toolkit';

export interface ToolbarCallbacks {
  step(to: StepTarget): void;
  togglePlay(): void;
  exportStream(): void;
  exportState(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly buttons: Record<StepTarget, ToolkitButton>;
  private readonly play: ToolkitButton;

  constructor(callbacks: ToolbarCallbacks) {
    const stepButton = (to: StepTarget, label: string): ToolkitButton => {
      const button = createButton({ id: to, label, appearance: 'icon', content: [icon(to)] });
      button.addEventListener('click', () => callbacks.step(to));
      return button;
    };
    this.buttons = {
      first: stepButton('first', 'First event (Home)'),
      previous: stepButton('previous', 'Previous event (↑)'),
      next: stepButton('next', 'Next event (↓)'),
      last: stepButton('last', 'Last event (End)'),
    };
    this.play = createButton({ id: 'play', label: 'Play (Space)', appearance: 'icon', content: [icon('play')] });
    this.play.addEventListener('click', () => callbacks.togglePlay());
    const exportStream = createButton({ id: 'export-stream', label: 'Export the stream as NDJSON', appearance: 'secondary', content: ['Export stream'] });
    exportStream.addEventListener('click', () => callbacks.exportStream());
    const exportState = createButton({ id: 'export-state', label: 'Export the selected state as JSON', appearance: 'secondary', content: ['Export state'] });
    exportState.addEventListener('click', () => callbacks.exportState());
    this.element = el('div', { className: 'toolbar', attributes: { role: 'toolbar', 'aria-label': 'Timeline controls' } }, [
      el('div', { className: 'step-controls' }, [this.buttons.first, this.buttons.previous, this.play, this.buttons.next, this.buttons.last]),
      el('div', { className: 'toolbar-spacer' }),
      el('div', { className: 'export-controls' }, [exportStream, exportState]),
    ]);
  }

  /** Disables what cannot move: nothing before the first, nothing after the last. */
  setPosition(position: number, total: number): void {
    const atStart = total === 0 || position === 0;
    const atEnd = total === 0 || position === total - 1;
    // Only a change is written: most steps change none of these, and a write to a toolkit button restyles it.
    setDisabled(this.buttons.first, atStart);
    setDisabled(this.buttons.previous, atStart);
    setDisabled(this.buttons.next, atEnd);
    setDisabled(this.buttons.last, atEnd);
    setDisabled(this.play, total === 0);
  }

  setPlaying(playing: boolean): void {
    const label = playing ? 'Pause (Space)' : 'Play (Space)';
    this.play.replaceChildren(icon(playing ? 'pause' : 'play'));
    this.play.setAttribute('aria-label', label);
    this.play.setAttribute('aria-pressed', String(playing));
    this.play.title = label;
  }

  get playButton(): HTMLElement {
    return this.play;
  }
}

function setDisabled(button: ToolkitButton, disabled: boolean): void {
  if (button.disabled !== disabled) button.disabled = disabled;
}
