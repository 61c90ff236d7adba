/** The trace ids of the two trace-context headers in common use, as the identity reader takes them. */

/** W3C trace context: `version-traceid(32 hex)-parentid(16 hex)-flags`; an all-zero id is invalid. */
export function parseTraceparent(value: string | undefined): { traceId: string; spanId: string } | undefined {
  const match = value === undefined ? null : /^\s*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})/i.exec(value);
  if (!match || /^0+$/.test(match[2]) || /^0+$/.test(match[3]) || match[1].toLowerCase() === 'ff') return undefined;
  return { traceId: match[2].toLowerCase(), spanId: match[3].toLowerCase() };
}

/** Single-header B3: `traceid-spanid[-sampled[-parentspanid]]`; a lone `0`/`1`/`d` carries no ids. */
export function parseB3(value: string | undefined): { traceId: string; spanId: string } | undefined {
  const match = value === undefined ? null : /^\s*([0-9a-f]{16}|[0-9a-f]{32})-([0-9a-f]{16})(-|$)/i.exec(value);
  return match ? { traceId: match[1].toLowerCase(), spanId: match[2].toLowerCase() } : undefined;
}
