/**
 * Filter by event type: one checkbox per type seen in the stream. Nothing checked means every type,
 * which is also what the host's empty filter means.
 *
 * The toolkit's checkbox fires `change` when `checked` is set from code too, not only on a click. Left
 * alone, "Show all" over two ticked types unticked them one by one, each untick posting a filter of the
 * types still ticked; the host's answers ticked them again, and the page and the host kept swapping two
 * filters (the list stayed placeholders). So changes made here are not the user's, and only a selection
 * that differs from the one in force is posted.
 */
import { el } from '../shared/dom';
import { createCheckbox, type ToolkitCheckbox } from '../shared/toolkit';

export class FilterView {
  readonly element: HTMLElement;
  private readonly options: HTMLDivElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly label = el('span', { className: 'filter-label', text: 'Show only' });
  private checkboxes: ToolkitCheckbox[] = [];
  /** True while this class sets `checked` itself. */
  private syncing = false;
  /** The selection in force (the last one set or posted). */
  private current: string[] = [];

  constructor(private readonly onChange: (types: string[]) => void) {
    this.options = el('div', { id: 'filter', className: 'filter-options', attributes: { role: 'group', 'aria-label': 'Filter by event type' } });
    this.clearButton = el('button', { className: 'link-button', text: 'Show all', attributes: { type: 'button' } });
    this.clearButton.addEventListener('click', () => {
      const had = this.current.length > 0;
      this.setSelected([]);
      if (had) this.onChange([]);
    });
    this.element = el('div', { className: 'filter-bar' }, [this.label, this.options, this.clearButton]);
  }

  setTypes(types: readonly string[], selected: readonly string[]): void {
    this.checkboxes = types.map((type) => {
      const checkbox = createCheckbox(type, type);
      checkbox.addEventListener('change', () => this.userChanged());
      return checkbox;
    });
    this.options.replaceChildren(...this.checkboxes);
    this.setSelected(selected);
  }

  setSelected(types: readonly string[]): void {
    const wanted = new Set(types);
    this.syncing = true;
    try {
      for (const checkbox of this.checkboxes) {
        checkbox.checked = wanted.has(checkbox.getAttribute('value') ?? '');
      }
    } finally {
      this.syncing = false;
    }
    this.current = this.selected();
    this.clearButton.hidden = wanted.size === 0;
  }

  private userChanged(): void {
    if (this.syncing) return;
    const types = this.selected();
    this.clearButton.hidden = types.length === 0;
    if (sameTypes(types, this.current)) return;
    this.current = types;
    this.onChange(types);
  }

  private selected(): string[] {
    return this.checkboxes.filter((checkbox) => checkbox.checked).map((checkbox) => checkbox.getAttribute('value') ?? '');
  }
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((type, i) => type === b[i]);
}
