/**
 * The right-hand side: which event is selected, the state replayed up to it (changes highlighted), its
 * payload and its metadata. Every string from the event goes in as text.
 */
import type { EventMetadata, EventSource } from '../../src/protocol/common';
import type { EventDetail } from '../../src/protocol/timeline';
import { el, formatCount, formatTimestamp, patchChildren, setText } from '../shared/dom';
import { JsonTreeView } from '../shared/jsonTree';
import { createBadge } from '../shared/toolkit';

type Badge = [text: string, className: string];

export class DetailView {
  readonly element: HTMLElement;
  private readonly type = el('h2', { id: 'event-type', className: 'event-type', text: 'No event selected' });
  private readonly version = el('span', { id: 'event-version', className: 'event-version', text: '—' });
  private readonly position = el('span', { id: 'event-position', className: 'muted' });
  private readonly time = el('span', { id: 'event-time', className: 'muted' });
  private readonly headerBadges = el('span', { className: 'header-badges' });
  private readonly notApplied = el('p', { id: 'event-not-applied', className: 'not-applied-note', attributes: { role: 'note' } });
  private readonly stateBadges = el('span', { className: 'section-badges' });
  private readonly state = el('div', { id: 'state', className: 'json-pane', attributes: { 'aria-label': 'Replayed state' } });
  private readonly removed = el('div', { className: 'removed-paths' });
  private readonly payload = el('div', { id: 'payload', className: 'json-pane', attributes: { 'aria-label': 'Event payload' } });
  private readonly metadata = el('dl', { id: 'metadata', className: 'metadata', attributes: { 'aria-label': 'Event metadata' } });
  private readonly stateTree = new JsonTreeView(this.state);
  private readonly payloadTree = new JsonTreeView(this.payload, { openDepth: 3 });
  /** What each badge row shows, so an unchanged row is not touched. */
  private readonly badgesShown = new Map<HTMLElement, string>();
  /** The labels of the metadata rows on screen: while they stay the same, only the values are updated. */
  private metadataShape = '';

  constructor() {
    this.removed.hidden = true;
    this.notApplied.hidden = true;
    this.element = el('section', { className: 'detail', attributes: { 'aria-label': 'Selected event' } }, [
      el('header', { className: 'detail-header' }, [
        this.type,
        el('div', { className: 'detail-facts' }, [
          el('span', { className: 'fact' }, [el('span', { className: 'fact-label', text: 'Version' }), this.version]),
          el('span', { className: 'fact' }, [this.position]),
          el('span', { className: 'fact' }, [this.time]),
          this.headerBadges,
        ]),
        this.notApplied,
      ]),
      el('div', { className: 'detail-body' }, [
        el('section', { className: 'pane pane-state' }, [
          el('h3', { className: 'pane-title' }, [el('span', { text: 'State after this event' }), this.stateBadges]),
          this.removed,
          this.state,
        ]),
        el('div', { className: 'pane-column' }, [
          el('section', { className: 'pane pane-payload' }, [el('h3', { className: 'pane-title', text: 'Payload' }), this.payload]),
          el('section', { className: 'pane pane-metadata' }, [el('h3', { className: 'pane-title', text: 'Metadata' }), this.metadata]),
        ]),
      ]),
    ]);
  }

  show(detail: EventDetail, viewTotal: number): void {
    setText(this.type, detail.type);
    setText(this.version, detail.version === null ? '—' : String(detail.version));
    setText(this.position, detail.position >= 0 ? `${formatCount(detail.position + 1)} of ${formatCount(viewTotal)}` : 'hidden by the filter');
    setText(this.time, formatTimestamp(detail.timestamp));
    this.time.title = detail.timestamp;

    this.showBadges(this.headerBadges, detail.fromSnapshot === undefined ? [] : [[`from snapshot v${detail.fromSnapshot}`, 'badge-snapshot']]);
    const note = detail.notApplied ?? detail.notReplayed;
    this.notApplied.hidden = note === undefined;
    setText(this.notApplied, note ?? '');

    const changes = detail.changedPaths.length;
    // An event replay never reached has no changes to count: "0 changes" would say it was applied.
    const stateBadges: Badge[] = [
      detail.notReplayed !== undefined ? ['not replayed', 'badge-quiet'] : [changes === 1 ? '1 change' : `${changes} changes`, changes > 0 ? 'badge-changed' : 'badge-quiet'],
    ];
    if (detail.stateTruncated) stateBadges.push(['shortened for display', 'badge-quiet']);
    this.showBadges(this.stateBadges, stateBadges);

    this.showState(detail);
    this.showPayload(detail);
    this.showMetadata(detail);
  }

  private showBadges(container: HTMLElement, badges: Badge[]): void {
    const key = JSON.stringify(badges);
    if (this.badgesShown.get(container) === key) return;
    this.badgesShown.set(container, key);
    patchChildren(
      container,
      badges.map(([text, className]) => createBadge(text, className)),
    );
  }

  /** The trees are kept in step, not rebuilt: stepping changes a few values, and only those are touched. */
  private showState(detail: EventDetail): void {
    this.stateTree.show(detail.state, detail.changedPaths);
    this.showRemoved(detail.changedPaths);
  }

  private showPayload(detail: EventDetail): void {
    if (detail.missingValue !== undefined) {
      this.payloadTree.clear();
      patchChildren(this.payload, [el('div', { id: 'payload-missing', className: 'payload-note', text: detail.missingValue.note })]);
      return;
    }
    if (detail.payload === undefined) {
      this.payloadTree.show(detail.data);
      return;
    }
    const p = detail.payload;
    this.payloadTree.clear();
    patchChildren(this.payload, [
      el('div', { className: 'payload-note', text: `${p.kind} payload, ${formatCount(p.size)} bytes${p.truncated ? ' (preview shortened)' : ''}` }),
      el('pre', { className: 'payload-preview', text: p.preview }),
    ]);
  }

  /** Paths that changed but are no longer in the state: removed fields have nothing to highlight. */
  private showRemoved(changedPaths: string[]): void {
    const missing = changedPaths.filter((path) => path !== '' && this.state.querySelector(`[data-path="${CSS.escape(path)}"]`) === null);
    this.removed.hidden = missing.length === 0;
    if (missing.length === 0 && this.removed.childNodes.length === 0) return;
    patchChildren(this.removed, [
      el('span', { className: 'fact-label', text: 'Removed' }),
      ...missing.slice(0, 20).map((path) => el('code', { className: 'removed-path', text: path })),
    ]);
  }

  private showMetadata(detail: EventDetail): void {
    const rows: Array<[string, string]> = [
      ['Event id', detail.id],
      ['Version', detail.version === null ? '—' : String(detail.version)],
      ['Time', detail.timestamp],
      ...metadataRows(detail.metadata),
      ...sourceRows(detail.source),
    ];
    const headers = (detail.metadata.headers ?? []).map((h): [string, string] => [h.key, h.encoding === 'base64' ? `${h.value} (base64)` : h.value]);
    const shape = JSON.stringify([rows.map(([label]) => label), headers.map(([name]) => name)]);
    if (shape === this.metadataShape) {
      // The same rows: only the values that differ are written (each `dd` follows its `dt`).
      const values = this.metadata.querySelectorAll('dd');
      const all = [...rows, ...(headers.length > 0 ? [['Headers', ''] as [string, string]] : []), ...headers];
      all.forEach(([, value], i) => {
        const dd = values[i];
        if (dd === undefined || (headers.length > 0 && i === rows.length)) return;
        setText(dd, value);
        if (dd.title !== value) dd.title = value;
      });
      return;
    }
    this.metadataShape = shape;
    const parts: Node[] = rows.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value, title: value })]);
    if (headers.length > 0) {
      parts.push(
        el('dt', { text: 'Headers' }),
        el('dd', {}, [
          el('dl', { className: 'metadata-headers' }, headers.flatMap(([name, value]) => [el('dt', { text: name }), el('dd', { text: value, title: value })])),
        ]),
      );
    }
    patchChildren(this.metadata, parts);
  }
}

function metadataRows(metadata: EventMetadata): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (metadata.correlationId !== undefined) rows.push(['Correlation id', metadata.correlationId]);
  if (metadata.causationId !== undefined) rows.push(['Causation id', metadata.causationId]);
  if (metadata.schemaVersion !== undefined) rows.push(['Schema version', String(metadata.schemaVersion)]);
  return rows;
}

function sourceRows(source: EventSource): Array<[string, string]> {
  const rows: Array<[string, string]> = [['Source', source.system]];
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'system' && value !== undefined) rows.push([`Source ${key}`, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return rows;
}
