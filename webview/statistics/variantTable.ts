/**
 * One event type's schema variants as a table, most common first: how many events have each and their
 * share, what each lacks (−) or adds (+) against the most common one (the drift), when and at which
 * version it was first and last seen, its fields (path and JSON type) folded, and two buttons that open
 * its earliest and its latest event. Every name comes from the data and goes in as text.
 */
import type { ExampleKind, ShapeField, TypeDetail, VariantRow } from '../../src/protocol/statistics';
import { el, formatCount, formatListTime } from '../shared/dom';

export type OpenExample = (variantIndex: number, which: ExampleKind) => void;

const HEADINGS = ['Variant', 'Events', 'Share', 'Against the most common', 'First seen', 'Last seen', 'Fields', 'Open'];

export function variantTable(detail: TypeDetail, open: OpenExample): HTMLTableElement {
  const head = el('thead', {}, [el('tr', {}, HEADINGS.map((text) => el('th', { text, attributes: { scope: 'col' } })))]);
  const body = el('tbody', {}, detail.variants.map((variant) => variantRow(variant, open)));
  return el('table', { id: 'variant-table', className: 'variant-table' }, [
    el('caption', { className: 'variant-caption', text: caption(detail) }),
    head,
    body,
  ]);
}

function caption(detail: TypeDetail): string {
  const unlisted = detail.eventsInUnlistedVariants > 0 ? `; ${formatCount(detail.eventsInUnlistedVariants)} more events in variants not listed` : '';
  return `${detail.type}: ${formatCount(detail.variants.length)} variant${detail.variants.length === 1 ? '' : 's'} of ${formatCount(detail.events)} events${unlisted}`;
}

function variantRow(variant: VariantRow, open: OpenExample): HTMLTableRowElement {
  const main = variant.missing === undefined;
  const name = el('td', { className: 'variant-name' }, [el('span', { text: `#${variant.index + 1}` })]);
  if (main) name.append(el('span', { className: 'badge badge-quiet', text: 'most common' }));
  if (variant.cut?.length) name.append(el('span', { className: 'badge', text: `cut: ${variant.cut.join(', ')}`, title: 'Payloads of this shape were cut by the path or depth limit' }));
  const row = el('tr', { className: main ? 'variant-row main' : 'variant-row drifted', attributes: { 'data-index': String(variant.index) } }, [
    name,
    el('td', { className: 'number variant-events', text: formatCount(variant.events) }),
    el('td', { className: 'number variant-share', text: percent(variant.share) }),
    el('td', { className: 'variant-drift' }, driftCell(variant)),
    el('td', { className: 'variant-first', text: seen(variant.firstAt, variant.firstVersion) }),
    el('td', { className: 'variant-last', text: seen(variant.lastAt, variant.lastVersion) }),
    el('td', { className: 'variant-fields' }, [fieldsFold(variant.fields)]),
    el('td', { className: 'variant-open' }, [el('div', { className: 'open-buttons' }, [openButton(variant, 'example', open), openButton(variant, 'latest', open)])]),
  ]);
  return row;
}

function driftCell(variant: VariantRow): Node[] {
  if (variant.missing === undefined) return [el('span', { className: 'muted', text: 'the reference shape' })];
  const lines = [
    ...variant.missing.map((field) => fieldLine(field, 'field-missing', '−', 'lacks')),
    ...(variant.added ?? []).map((field) => fieldLine(field, 'field-added', '+', 'adds')),
  ];
  return lines.length > 0 ? [el('ul', { className: 'field-list' }, lines)] : [el('span', { className: 'muted', text: 'same fields' })];
}

function fieldLine(field: ShapeField, className: string, mark: string, verb: string): HTMLLIElement {
  return el('li', { className, title: `${verb} ${field.path}: ${field.type}` }, [
    el('span', { className: 'field-mark', text: mark, attributes: { 'aria-label': verb } }),
    el('code', { className: 'field-path', text: field.path }),
    el('span', { className: 'field-type', text: field.type }),
  ]);
}

function fieldsFold(fields: ShapeField[]): HTMLDetailsElement {
  return el('details', {}, [
    el('summary', { text: `${formatCount(fields.length)} field${fields.length === 1 ? '' : 's'}` }),
    el('ul', { className: 'field-list' }, fields.map((field) => el('li', {}, [el('code', { className: 'field-path', text: field.path }), el('span', { className: 'field-type', text: field.type })]))),
  ]);
}

function openButton(variant: VariantRow, which: ExampleKind, open: OpenExample): HTMLButtonElement {
  const example = which === 'example' ? variant.example : variant.latest;
  const button = el('button', {
    className: which === 'example' ? 'link-button open-example' : 'link-button open-latest',
    text: which === 'example' ? example.label : `latest: ${example.label}`,
    title: `Open the ${which === 'example' ? 'earliest' : 'latest'} event of this shape (${formatListTime(example.timestamp)})`,
    attributes: { type: 'button' },
  });
  button.addEventListener('click', () => open(variant.index, which));
  return button;
}

function seen(at: string, version: number | undefined): string {
  return version === undefined ? formatListTime(at) : `${formatListTime(at)} · v${version}`;
}

export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;
}
