/**
 * A deep link's version and filter on an open timeline session: the replies that show them (the filter
 * first, then the event of that version), free of the vscode API so tests read exactly what is posted.
 */
import type { ExtensionToWebview } from '../../protocol/timeline';
import { answerTimelineRequest, type SessionRequest } from './timelineMessages';
import type { TimelineSession } from './timelineSession';

export interface LinkedPosition {
  version?: number;
  filter?: readonly string[];
}

/**
 * The replies that put the session at `position`. `pageRequest` is the page's own first position request
 * (the last event, or the selection it restored), answered instead when the link names no version it has.
 * A filter naming no event type of this stream, or a version not in it, is said in a notice.
 */
export function linkedPositionReplies(session: TimelineSession, position: LinkedPosition, pageRequest?: SessionRequest): ExtensionToWebview[] {
  const replies: ExtensionToWebview[] = [];
  const notices: string[] = [];
  if (position.filter !== undefined && position.filter.length > 0) {
    const known = new Set(session.init().eventTypes);
    const types = position.filter.filter((type) => known.has(type));
    if (types.length > 0) replies.push(...answerTimelineRequest(session, { type: 'setFilter', types }).filter((reply) => reply.type === 'filtered'));
    if (types.length < position.filter.length) notices.push(`the link's filter names event types this stream does not have (${position.filter.filter((type) => !known.has(type)).join(', ')})`);
  }
  const index = position.version === undefined ? undefined : session.indexOfVersion(position.version);
  if (position.version !== undefined && index === undefined) notices.push(`the link's version ${position.version} is not in this stream`);
  if (index !== undefined) replies.push(...answerTimelineRequest(session, { type: 'select', index }));
  else if (pageRequest !== undefined) replies.push(...answerTimelineRequest(session, pageRequest));
  else {
    const current = session.current();
    if (current !== undefined) replies.push({ type: 'selected', detail: current });
  }
  if (notices.length > 0) replies.push({ type: 'notice', message: `Opened from a link: ${notices.join('; ')}.` });
  return replies;
}

/**
 * Where the session stands (its filter, the version of its selected event), for a reload to show again: the
 * page asks for its position when the new session's init arrives, and may not yet have saved the one it was
 * just sent (a link's, say). Undefined when nothing is selected or the event has no version.
 */
export function positionOf(session: TimelineSession): LinkedPosition | undefined {
  const index = session.selectedIndex;
  const version = index === undefined ? undefined : session.eventAt(index).version;
  if (version === undefined) return undefined;
  return { version, ...(session.filter.length > 0 ? { filter: [...session.filter] } : {}) };
}
