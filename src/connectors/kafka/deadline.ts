import { timerDelay } from '../../core/timerDelay';
import { KafkaConnectorError } from './kafkaErrors';

/**
 * Runs `work` until it settles, the signal aborts or `timeoutMs` passes, whichever is first. kafkajs calls
 * cannot be cancelled: a call that loses the race keeps running in the driver and its result is dropped
 * (`onAbandon` lets the caller stop what it started, a consumer for instance).
 */
export async function withDeadline<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
  onAbandon?: () => void,
): Promise<T> {
  if (signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled before ${what} started.`);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaConnectorError('timeout', `${what} did not finish within ${formatMs(timeoutMs)}.`)), timerDelay(timeoutMs));
    onAbort = () => reject(new KafkaConnectorError('aborted', `Cancelled: ${what}.`));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const running = work();
  try {
    return await Promise.race([running, stopped]);
  } catch (error) {
    if (error instanceof KafkaConnectorError && (error.kind === 'timeout' || error.kind === 'aborted')) {
      // The loser must not become an unhandled rejection.
      running.catch(() => undefined);
      onAbandon?.();
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
