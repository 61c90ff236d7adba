/**
 * The debugging bar's overflow: one icon button that opens a menu of the engine's tools, so the bar keeps
 * to one row at half an editor's width. Keyboard: Enter or Space opens it, arrows move, Escape closes.
 */
import { el } from '../shared/dom';
import { icon } from '../shared/icons';
import { createButton, type ToolkitButton } from '../shared/toolkit';

export interface MenuItem {
  id: string;
  label: string;
  title: string;
  run(): void;
}

export class ToolsMenu {
  readonly element: HTMLElement;
  readonly trigger: ToolkitButton;
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];

  constructor(entries: readonly MenuItem[]) {
    this.trigger = createButton({ id: 'more-tools', label: `More tools: ${entries.map((entry) => entry.label).join(', ')}`, appearance: 'icon', content: [icon('more')] });
    this.trigger.setAttribute('aria-haspopup', 'menu');
    this.trigger.setAttribute('aria-expanded', 'false');
    this.items = entries.map((entry) => {
      const item = el('button', { id: entry.id, className: 'menu-item', text: entry.label, title: entry.title, attributes: { type: 'button', role: 'menuitem' } });
      item.addEventListener('click', () => {
        this.close(false);
        entry.run();
      });
      return item;
    });
    this.menu = el('div', { id: 'tools-menu', className: 'tools-menu', attributes: { role: 'menu', 'aria-label': 'Tools' } }, this.items);
    this.menu.hidden = true;
    this.element = el('div', { className: 'tools-menu-anchor' }, [this.trigger, this.menu]);
    this.trigger.addEventListener('click', () => (this.menu.hidden ? this.open() : this.close(false)));
    this.menu.addEventListener('keydown', (event) => this.onKey(event));
    document.addEventListener('pointerdown', (event) => {
      if (!this.menu.hidden && !(event.target instanceof Node && this.element.contains(event.target))) this.close(false);
    });
  }

  private open(): void {
    this.menu.hidden = false;
    this.trigger.setAttribute('aria-expanded', 'true');
    this.items[0]?.focus();
  }

  private close(refocus: boolean): void {
    this.menu.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
    if (refocus) this.trigger.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const at = this.items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      this.close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.items[(at + step + this.items.length) % this.items.length]?.focus();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}
