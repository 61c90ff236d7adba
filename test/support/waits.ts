/**
 * Waiting on conditions instead of sleeping: each helper polls until the condition holds and, when it never
 * does, fails with what it last saw, so a failing UI test says what the screen showed.
 */
import type { Locator } from 'playwright-core';

export const uiTimeoutMs = Number(process.env.EFX_UI_TIMEOUT_MS ?? 30_000);

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = uiTimeoutMs,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = last === undefined ? `nothing (${String(lastError)})` : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; last saw ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the element's text contains `expected` and returns the whole text. */
export function waitForText(locator: Locator, expected: string, what: string, timeoutMs = uiTimeoutMs): Promise<string> {
  return waitUntil(
    `${what} to contain "${expected}"`,
    async () => (await locator.textContent({ timeout: 1000 })) ?? '',
    (text) => text.includes(expected),
    timeoutMs,
  );
}

export function waitForAttribute(locator: Locator, name: string, expected: string, what: string, timeoutMs = uiTimeoutMs): Promise<string | null> {
  return waitUntil(
    `${what} to have ${name}="${expected}"`,
    () => locator.getAttribute(name, { timeout: 1000 }),
    (value) => value === expected,
    timeoutMs,
  );
}

/** Waits until the element shows exactly `expected` (JSON quotes and surrounding space ignored). */
export function waitForValue(locator: Locator, expected: string, what: string, timeoutMs = uiTimeoutMs): Promise<string> {
  const normalize = (text: string): string => text.trim().replace(/^"(.*)"$/, '$1');
  return waitUntil(
    `${what} to be "${expected}"`,
    async () => (await locator.textContent({ timeout: 1000 })) ?? '',
    (text) => normalize(text) === expected,
    timeoutMs,
  );
}
