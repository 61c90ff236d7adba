/** What a timeline link names. */
export interface TimelineLink {
  connectionId: string;
  aggregateId: string;
  aggregateType?: string;
  /** The version to select; the last event when absent. */
  version?: number;
  /** Event types the timeline shows; all when absent. */
  filter?: string[];
}

export type ParsedLink = { ok: true; link: TimelineLink } | { ok: false; reason: string };

export const LINK_PATH = '/timeline';
const MAX_LINK_LENGTH = 4096;
const MAX_ID_LENGTH = 512;
/** Far beyond any real stream, far below where a number stops being exact. */
export const MAX_LINK_VERSION = 1_000_000_000;
const MAX_FILTER_TYPES = 100;
const KNOWN = new Set(['connection', 'aggregate', 'type', 'version', 'filter']);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The `vscode://` link of a timeline, for "Copy Link". */
export function buildTimelineLink(extensionId: string, link: TimelineLink): string {
  const query = new URLSearchParams({ connection: link.connectionId, aggregate: link.aggregateId });
  if (link.aggregateType) query.set('type', link.aggregateType);
  if (link.version !== undefined) query.set('version', String(link.version));
  if (link.filter && link.filter.length > 0) query.set('filter', link.filter.join(','));
  return `vscode://${extensionId}${LINK_PATH}?${query.toString()}`;
}

/**
 * Validates every part of a link (its path and query as VS Code's URI handler hands them over). Refuses a
 * link that names a connection the user has not saved, carries anything but the known parameters (a store
 * path, a file), repeats one, or holds a value out of bounds; the reason says which part and why.
 */
export function parseTimelineLink(path: string, query: string, savedConnections: ReadonlySet<string>): ParsedLink {
  if (path.length + query.length > MAX_LINK_LENGTH) return refuse(`the link is longer than ${MAX_LINK_LENGTH} characters`);
  if (path !== LINK_PATH) return refuse(`unknown link path ${JSON.stringify(path.slice(0, 100))}: only ${LINK_PATH} links exist`);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return refuse('the query is not readable');
  }
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!KNOWN.has(key)) return refuse(`unknown parameter ${JSON.stringify(key.slice(0, 50))}: links carry no store path or file, only ${[...KNOWN].join(', ')}`);
    if (seen.has(key)) return refuse(`parameter ${key} appears twice`);
    seen.add(key);
  }
  const connectionId = params.get('connection');
  const aggregateId = params.get('aggregate');
  if (!connectionId) return refuse('the link names no connection');
  if (!aggregateId) return refuse('the link names no aggregate');
  const badConnection = checkId('connection', connectionId);
  if (badConnection) return refuse(badConnection);
  if (!savedConnections.has(connectionId)) return refuse(`the link names connection ${JSON.stringify(connectionId.slice(0, 80))}, which is not saved in this window: add it first, links never connect on their own`);
  const badAggregate = checkId('aggregate', aggregateId);
  if (badAggregate) return refuse(badAggregate);
  const link: TimelineLink = { connectionId, aggregateId };
  const type = params.get('type');
  if (type !== null) {
    const badType = checkId('type', type);
    if (badType) return refuse(badType);
    link.aggregateType = type;
  }
  const version = params.get('version');
  if (version !== null) {
    if (!/^\d{1,10}$/.test(version) || Number(version) > MAX_LINK_VERSION) return refuse(`version must be a whole number from 0 to ${MAX_LINK_VERSION.toLocaleString('en-US')}, got ${JSON.stringify(version.slice(0, 30))}`);
    link.version = Number(version);
  }
  const filter = params.get('filter');
  if (filter !== null) {
    const types = filter.split(',').filter((t) => t !== '');
    if (types.length > MAX_FILTER_TYPES) return refuse(`the filter names more than ${MAX_FILTER_TYPES} event types`);
    for (const t of types) {
      const badFilter = checkId('filter', t);
      if (badFilter) return refuse(badFilter);
    }
    link.filter = types;
  }
  return { ok: true, link };
}

function checkId(name: string, value: string): string | undefined {
  if (value.length === 0) return `${name} is empty`;
  if (value.length > MAX_ID_LENGTH) return `${name} is longer than ${MAX_ID_LENGTH} characters`;
  if (CONTROL.test(value)) return `${name} contains a control character`;
  if (value.trim() !== value) return `${name} starts or ends with white space`;
  return undefined;
}

function refuse(reason: string): ParsedLink {
  return { ok: false, reason: `Refused the link: ${reason}.` };
}
