/**
 * Confirmations given ahead, by the extension's own code only. A destructive command (purge, delete,
 * offset reset, redrive, produce to a production cluster) skips its dialog only when its `confirmed`
 * option is a token issued here: an object no command argument can carry, since command links, `when`
 * clauses and other extensions hand commands JSON (`true`, a copy of a token: refused all the same). The
 * extension's tests get tokens through its API, which hands them out only outside production mode.
 */
export interface Preconfirmed {
  readonly preconfirmed: 'issued by Event Flows for its own callers';
}

const issued = new WeakSet<object>();

export function preconfirm(): Preconfirmed {
  const token: Preconfirmed = Object.freeze({ preconfirmed: 'issued by Event Flows for its own callers' });
  issued.add(token);
  return token;
}

/** True only for a token `preconfirm` issued: never for `true`, a string, or a copy of a token. */
export function isPreconfirmed(value: unknown): value is Preconfirmed {
  return typeof value === 'object' && value !== null && issued.has(value);
}
