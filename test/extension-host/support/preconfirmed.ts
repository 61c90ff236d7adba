import type { EventFlowsApi } from '../../../src/extension';
import type { Preconfirmed } from '../../../src/ui/confirmation';

/** The token that lets a test skip a destructive command's dialog: from the extension's API, never `true`. */
export function preconfirmed(api: EventFlowsApi): Preconfirmed {
  if (!api.preconfirm) throw new Error('the extension hands out no confirmation tokens in this mode (production?)');
  return api.preconfirm();
}
