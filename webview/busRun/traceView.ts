/**
 * One published event's way through the bus, built as DOM: the middleware chain (each step's outcome and
 * what it changed, as a diff), the handlers with every try (its wait, duration, result or error), a
 * publish error, and the events its handlers published, nested. Values open as JSON trees on demand; each
 * event has a button that traces its flow.
 */
import type { BusTraceView, DeadLetter, HandlerRun, JsonValue, MiddlewareChange, MiddlewareStepView, StepError } from '../../src/protocol/busRun';
import { el } from '../shared/dom';
import { JsonTreeView } from '../shared/jsonTree';
import { createBadge } from '../shared/toolkit';

export function traceView(trace: BusTraceView, folded: ReadonlySet<string>): HTMLElement {
  const failed = trace.error !== undefined || trace.handlers.some((handler) => handler.outcome !== 'ok');
  const classes = ['trace', trace.droppedBy !== undefined ? 'trace-dropped' : '', failed ? 'trace-failed' : ''].filter(Boolean).join(' ');
  const details = el('details', { className: classes, attributes: { 'data-event-id': trace.event.id, 'data-type': trace.event.type } });
  details.open = !folded.has(trace.event.id);
  const where = [trace.event.aggregateId, trace.event.version !== undefined ? `v${trace.event.version}` : undefined].filter(Boolean).join(' ');
  details.append(
    el('summary', { className: 'trace-summary' }, [
      el('span', { className: 'event-type', text: trace.event.type }),
      el('span', { className: 'muted', text: where ? `${where} · ${trace.event.id}` : trace.event.id }),
      ...(trace.parentId !== undefined ? [createBadge(`caused by ${trace.parentId}`, 'badge-quiet')] : []),
      ...(trace.droppedBy !== undefined ? [createBadge(`dropped by ${trace.droppedBy}`, 'badge-dropped')] : []),
      ...(failed ? [createBadge('failed', 'badge-error')] : []),
      traceButton(trace.event.id, trace.event.type),
    ]),
    el('div', { className: 'trace-body' }, [
      section('Middleware', trace.middleware.length ? el('ol', { className: 'steps' }, trace.middleware.map(middlewareView)) : el('p', { className: 'muted', text: 'No middleware.' })),
      section('Handlers', handlersView(trace)),
      ...(trace.error ? [el('div', { className: 'publish-error' }, [el('span', { text: 'Publish failed: ' }), ...errorView(trace.error)])] : []),
      ...(trace.children.length ? [el('div', { className: 'children', attributes: { 'aria-label': `Events published while handling ${trace.event.id}` } }, trace.children.map((child) => traceView(child, folded)))] : []),
    ]),
  );
  return details;
}

function section(title: string, body: HTMLElement): HTMLElement {
  return el('div', { className: 'trace-section' }, [el('h3', { className: 'section-title', text: title }), body]);
}

function middlewareView(step: MiddlewareStepView): HTMLElement {
  const outcome = step.error ? 'threw' : step.dropped ? 'dropped the event' : step.changes.length ? `changed ${step.changes.length === 1 ? '1 value' : `${step.changes.length} values`}` : 'passed it on unchanged';
  const kind = step.error ? 'error' : step.dropped ? 'dropped' : step.changes.length ? 'changed' : 'passed';
  return el('li', { className: `step step-${kind}` }, [
    el('div', { className: 'step-line' }, [el('span', { className: 'step-name', text: step.name }), el('span', { className: 'step-outcome', text: outcome }), duration(step.durationMs)]),
    ...(step.changes.length ? [changesTable(step.changes)] : []),
    ...(step.error ? [el('div', { className: 'step-error' }, errorView(step.error))] : []),
    lazyJson('received', step.received),
    ...(step.passed !== null && step.changes.length ? [lazyJson('passed on', step.passed)] : []),
  ]);
}

function changesTable(changes: readonly MiddlewareChange[]): HTMLElement {
  return el('table', { className: 'diff' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'path' }), el('th', { text: 'received' }), el('th', { text: 'passed on' })])]),
    el(
      'tbody',
      {},
      changes.map((change) =>
        el('tr', { className: `diff-${change.kind}` }, [
          el('td', { className: 'diff-path', text: change.path || '(the event)' }),
          el('td', { className: 'diff-before', text: change.kind === 'added' ? '—' : short(change.before) }),
          el('td', { className: 'diff-after', text: change.kind === 'removed' ? '—' : short(change.after) }),
        ]),
      ),
    ),
  ]);
}

function handlersView(trace: BusTraceView): HTMLElement {
  if (trace.droppedBy !== undefined) return el('p', { className: 'muted', text: 'None ran: the event was dropped.' });
  if (trace.handlers.length === 0) return el('p', { className: 'muted', text: `No handler subscribes to ${trace.event.type}.` });
  return el('ul', { className: 'handlers' }, trace.handlers.map(handlerView));
}

function handlerView(handler: HandlerRun): HTMLElement {
  const badge = handler.outcome === 'ok' ? (handler.attempts.length > 1 ? createBadge(`ok after ${handler.attempts.length} tries`, 'badge-retry') : createBadge('ok', 'badge-ok')) : createBadge(handler.outcome, 'badge-error');
  return el('li', { className: `handler handler-${handler.outcome}`, attributes: { 'data-handler': handler.name } }, [
    el('div', { className: 'handler-line' }, [el('span', { className: 'handler-name', text: handler.name }), badge]),
    el(
      'ol',
      { className: 'attempts' },
      handler.attempts.map((attempt) =>
        el('li', { className: attempt.error ? 'attempt attempt-failed' : 'attempt attempt-ok' }, [
          el('div', { className: 'attempt-line' }, [
            el('span', { text: `try ${attempt.attempt}` }),
            ...(attempt.delayMs > 0 ? [el('span', { className: 'muted', text: `after waiting ${attempt.delayMs} ms` })] : []),
            el('span', { text: attempt.error ? 'failed' : 'ok' }),
            duration(attempt.durationMs),
          ]),
          ...(attempt.error ? [el('div', { className: 'step-error' }, errorView(attempt.error))] : []),
          ...(attempt.result !== undefined && attempt.result !== null ? [lazyJson('result', attempt.result)] : []),
        ]),
      ),
    ),
  ]);
}

/** The dead-letter list: every event a handler gave up on, with its last error. */
export function deadLetterList(letters: readonly DeadLetter[]): HTMLElement[] {
  const title = el('h2', { className: 'section-title', text: `Dead letters (${letters.length})` });
  if (letters.length === 0) return [title, el('p', { className: 'muted', text: 'No event ended in the dead-letter list.' })];
  return [
    title,
    el(
      'ul',
      { className: 'dead-letter-list' },
      letters.map((letter) =>
        el('li', { className: 'dead-letter', attributes: { 'data-event-id': letter.eventId } }, [
          el('div', {}, [el('span', { className: 'event-type', text: letter.eventType }), el('span', { className: 'muted', text: ` ${letter.eventId} · ${letter.handler} · ${letter.attempts} tries` }), traceButton(letter.eventId, letter.eventType)]),
          el('div', { className: 'step-error' }, errorView(letter.error)),
        ]),
      ),
    ),
  ];
}

function errorView(error: StepError): Node[] {
  const nodes: Node[] = [el('span', { className: 'error-message', text: error.message })];
  if (error.location) {
    const { file, line, column } = error.location;
    const name = file.split(/[\\/]/).pop() ?? file;
    nodes.push(
      el('button', {
        className: 'link-button location',
        text: `${name}:${line}${column ? `:${column}` : ''}`,
        title: `Open ${file} at line ${line}`,
        attributes: { type: 'button', 'data-file': file, 'data-line': String(line), ...(column ? { 'data-column': String(column) } : {}) },
      }),
    );
  }
  return nodes;
}

/** Trace This Event's Flow: the event's correlation followed across the connections, in the flow view. */
function traceButton(eventId: string, eventType: string): HTMLElement {
  return el('button', {
    className: 'link-button trace-flow',
    text: 'Trace flow',
    title: `Trace this ${eventType}'s flow across the connections`,
    attributes: { type: 'button', 'data-trace-event': eventId, 'aria-label': `Trace the flow of ${eventType} ${eventId}` },
  });
}

function duration(ms: number): HTMLElement {
  return el('span', { className: 'duration muted', text: `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms` });
}

/** A value folded under a label; its JSON tree is built when first opened (a run can hold thousands). */
function lazyJson(label: string, value: JsonValue): HTMLElement {
  const body = el('div', { className: 'json-pane' });
  const details = el('details', { className: 'value' }, [el('summary', { className: 'muted', text: label }), body]);
  details.addEventListener('toggle', () => {
    if (details.open && body.childElementCount === 0) new JsonTreeView(body).show(value);
  });
  return details;
}

function short(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
