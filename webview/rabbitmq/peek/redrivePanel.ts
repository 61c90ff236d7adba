/**
 * The peek view's redrive controls: where to send (where each message died, where it was first published,
 * or a chosen exchange of the vhost), then the dry run the host sends back, listed message by message, with
 * the one button that runs the redrive exactly as listed.
 */
import type { PeekRedriveDestination, PeekRedrivePlan, PeekToHost } from '../../../src/protocol/rabbitmq/peek';
import { clear, el, setText } from '../../shared/dom';

const ORIGIN_QUEUE = 'origin-queue';
const ORIGIN_EXCHANGE = 'origin-exchange';
const EXCHANGE_PREFIX = 'exchange:';

export class RedrivePanel {
  readonly destination = el('select', { attributes: { id: 'redrive-destination', 'aria-label': 'Redrive to' } });
  readonly plan = el('section', { className: 'peek-plan', attributes: { id: 'redrive-plan', 'aria-label': 'Dry run of the redrive' } });
  private shown: PeekRedrivePlan | undefined;

  constructor(private readonly post: (message: PeekToHost) => void) {
    this.plan.hidden = true;
  }

  /** The vhost's exchanges, after the two "where it came from" choices; the choice is kept when still offered. */
  setExchanges(exchanges: readonly string[]): void {
    const keep = this.destination.value;
    clear(this.destination);
    this.destination.append(
      el('option', { text: 'back to the queue each died in', attributes: { value: ORIGIN_QUEUE } }),
      el('option', { text: 'to the exchange each was first published to', attributes: { value: ORIGIN_EXCHANGE } }),
    );
    for (const name of exchanges) this.destination.append(el('option', { text: `to exchange ${name}`, attributes: { value: `${EXCHANGE_PREFIX}${name}` } }));
    if ([...this.destination.options].some((option) => option.value === keep)) this.destination.value = keep;
  }

  chosen(): PeekRedriveDestination {
    const value = this.destination.value;
    if (value.startsWith(EXCHANGE_PREFIX)) return { to: 'exchange', exchange: value.slice(EXCHANGE_PREFIX.length) };
    return value === ORIGIN_EXCHANGE ? { to: 'origin-exchange' } : { to: 'origin-queue' };
  }

  /** Asks the host for the dry run; nothing moves until its list is confirmed. */
  dryRun(positions: 'all' | number[]): void {
    this.post({ type: 'planRedrive', positions, destination: this.chosen() });
  }

  show(plan: PeekRedrivePlan): void {
    this.shown = plan;
    clear(this.plan);
    const confirm = el('button', { text: `Redrive ${plan.toSend} as listed`, attributes: { type: 'button', id: 'redrive-confirm' } });
    confirm.toggleAttribute('disabled', plan.toSend === 0);
    confirm.addEventListener('click', () => {
      if (!this.shown) return;
      this.post({ type: 'redrive', positions: this.shown.positions, destination: this.shown.destination });
      this.hide();
    });
    const cancel = el('button', { className: 'link-button', text: 'Cancel', attributes: { type: 'button', id: 'redrive-cancel' } });
    cancel.addEventListener('click', () => this.hide());
    const totals = el('ul', { className: 'peek-plan-targets' });
    for (const target of plan.byTarget) totals.append(el('li', { text: `${target.count} → ${target.target}` }));
    const items = el('ol', { className: 'peek-plan-items' });
    for (const item of plan.items) {
      const fate = item.goes ? `→ ${item.goes}` : `stays: ${item.stays ?? ''}`;
      items.append(el('li', { className: item.goes ? 'plan-goes' : 'plan-stays', text: `${item.id} ${fate}${item.death ? ` (${item.death})` : ''}` }));
    }
    this.plan.append(
      el('h2', { text: `Dry run: ${plan.toSend} would be sent, ${plan.skipped} stay` }),
      totals,
      items,
      el('div', { className: 'peek-plan-actions' }, [confirm, cancel]),
    );
    this.plan.hidden = false;
    setText(confirm, `Redrive ${plan.toSend} as listed`);
  }

  hide(): void {
    this.shown = undefined;
    this.plan.hidden = true;
    clear(this.plan);
  }
}
