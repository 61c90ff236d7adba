import { visibleControls } from '../../core/dataText';

/**
 * An aggregate's tooltip, as plain text: the id and type come from whoever wrote the events, so they are
 * never read as Markdown (no link, image or emphasis from data); line breaks in them show as `\n`.
 */
export function aggregateTooltip(aggregate: { id: string; type: string; version: number }, time: string | undefined): string {
  return `${visibleControls(aggregate.id)} (${visibleControls(aggregate.type)})\nVersion ${aggregate.version}` + (time ? `, last event ${time} UTC` : '');
}
