/**
 * The read plan, shown before anything is read: every source with what reading it does, ticked when
 * reading it changes nothing (a source whose reading changes state starts unticked, one the plan refuses
 * cannot be ticked and says why) unless the ticks were restored (after a reload: the sources ticked then),
 * then how each answers the search: reading (with how many it looked at), found so many, failed and why.
 */
import type { SearchLeftOut, SearchSourceView, SearchView } from '../../src/protocol/search';
import { el, formatCount, setText } from '../shared/dom';

interface PlanItem {
  id: string;
  box: HTMLInputElement;
  status: HTMLElement;
  item: HTMLElement;
}

export class PlanList {
  readonly element = el('ul', { id: 'search-plan', className: 'search-plan' });
  private readonly items = new Map<number, PlanItem>();
  private version = -1;
  /** The ticks the next plan takes (by source id) instead of the defaults. */
  private preferred: ReadonlySet<string> | undefined;

  /** `changed` hears every tick the user changes. */
  constructor(private readonly changed: () => void = () => undefined) {}

  /** The sources ticked, by their place in the plan. */
  chosen(): number[] {
    return [...this.items.entries()].filter(([, item]) => item.box.checked && !item.box.disabled).map(([index]) => index);
  }

  /** The sources ticked, by their ids (what stays true of them in the next plan); before a plan is drawn, those it will tick. */
  chosenIds(): string[] {
    if (this.preferred) return [...this.preferred];
    return [...this.items.values()].filter((item) => item.box.checked && !item.box.disabled).map((item) => item.id);
  }

  /** Ticks these sources (and only these) when the next plan is drawn, instead of the defaults. */
  prefer(ids: readonly string[]): void {
    this.preferred = new Set(ids);
  }

  show(view: SearchView): void {
    if (view.planVersion !== this.version) this.rebuild(view);
    for (const source of view.sources) {
      const item = this.items.get(source.index);
      if (!item) continue;
      setText(item.status, statusText(source));
      item.item.dataset.state = source.state;
    }
  }

  private rebuild(view: SearchView): void {
    this.version = view.planVersion;
    this.items.clear();
    const children: HTMLElement[] = view.sources.map((source) => this.itemOf(source));
    // Kept while the plan is still being made: the ticks wait for the sources.
    if (!view.planning) this.preferred = undefined;
    children.push(...view.leftOut.map(leftOutItem));
    if (children.length === 0 && !view.planning) children.push(el('li', { className: 'plan-empty', text: 'No connection has a source to search: add a Kafka cluster, a RabbitMQ broker or a store.' }));
    this.element.replaceChildren(...children);
  }

  private itemOf(source: SearchSourceView): HTMLElement {
    const box = el('input', { id: `source-${source.index}`, attributes: { type: 'checkbox' } });
    box.checked = source.refused === undefined && (this.preferred ? this.preferred.has(source.id) : !source.changesState);
    box.disabled = source.refused !== undefined;
    box.addEventListener('change', () => this.changed());
    const status = el('span', { className: 'source-status' });
    const plan = source.refused === undefined ? source.plan : `left out — ${source.refused}`;
    const item = el('li', { className: source.changesState ? 'plan-source changes-state' : 'plan-source', attributes: { 'data-index': String(source.index) } }, [
      el('label', { className: 'source-label', attributes: { for: box.id } }, [box, el('span', { className: 'source-name', text: source.label })]),
      el('span', { className: 'source-plan', text: plan, title: plan }),
      status,
    ]);
    this.items.set(source.index, { id: source.id, box, status, item });
    return item;
  }
}

function leftOutItem(left: SearchLeftOut): HTMLElement {
  return el('li', { className: 'plan-source left-out' }, [el('span', { className: 'source-name', text: left.label }), el('span', { className: 'source-plan', text: `not searched — ${left.reason}` })]);
}

function statusText(source: SearchSourceView): string {
  switch (source.state) {
    case 'planned':
      return '';
    case 'reading':
      return source.scanned > 0 ? `reading… ${formatCount(source.scanned)} read` : 'reading…';
    case 'answered':
      return `${formatCount(source.found)} found of ${formatCount(source.scanned)} read; ${source.detail}`;
    case 'failed':
      return `failed — ${source.detail}`;
    case 'stopped':
      return `stopped — ${source.detail}`;
  }
}
