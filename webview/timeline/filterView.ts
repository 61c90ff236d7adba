/**
 * Filter by event type: one checkbox per type seen in the stream. Nothing checked means every type,
 * which is also what the host's empty filter means.
 */
import { el } from '../shared/dom';
import { createCheckbox, type ToolkitCheckbox } from '../shared/toolkit';

export class FilterView {
  readonly element: HTMLElement;
  private readonly options: HTMLDivElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly label = el('span', { className: 'filter-label', text: 'Show only' });
  private checkboxes: ToolkitCheckbox[] = [];

  constructor(private readonly onChange: (types: string[]) => void) {
    this.options = el('div', { id: 'filter', className: 'filter-options', attributes: { role: 'group', 'aria-label': 'Filter by event type' } });
    this.clearButton = el('button', { className: 'link-button', text: 'Show all', attributes: { type: 'button' } });
    this.clearButton.addEventListener('click', () => {
      this.setSelected([]);
      this.onChange([]);
    });
    this.element = el('div', { className: 'filter-bar' }, [this.label, this.options, this.clearButton]);
  }

  setTypes(types: readonly string[], selected: readonly string[]): void {
    this.checkboxes = types.map((type) => {
      const checkbox = createCheckbox(type, type);
      checkbox.addEventListener('change', () => this.onChange(this.selected()));
      return checkbox;
    });
    this.options.replaceChildren(...this.checkboxes);
    this.setSelected(selected);
  }

  setSelected(types: readonly string[]): void {
    const wanted = new Set(types);
    for (const checkbox of this.checkboxes) {
      checkbox.checked = wanted.has(checkbox.getAttribute('value') ?? '');
    }
    this.clearButton.hidden = wanted.size === 0;
  }

  private selected(): string[] {
    const types = this.checkboxes.filter((checkbox) => checkbox.checked).map((checkbox) => checkbox.getAttribute('value') ?? '');
    this.clearButton.hidden = types.length === 0;
    return types;
  }
}
