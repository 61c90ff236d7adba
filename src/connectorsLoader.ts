import type { KIND_CONNECTORS } from './kindConnectors';

let connectors: typeof KIND_CONNECTORS | undefined;

/**
 * Each kind's connector (src/kindConnectors.ts), required on a connection's first open. The build makes this
 * require one of the features bundle, which holds the connectors; synchronous, as the stores are made
 * synchronously.
 */
export function kindConnectors(): typeof KIND_CONNECTORS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose, see above.
  connectors ??= (require('./kindConnectors') as { KIND_CONNECTORS: typeof KIND_CONNECTORS }).KIND_CONNECTORS;
  return connectors;
}
