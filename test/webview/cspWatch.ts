/**
 * Records every `securitypolicyviolation` the page reports (the document's, and those raised inside the
 * toolkit's shadow roots, which are composed and reach the document): a blocked inline style does nothing
 * but log, so only this makes it fail a test.
 */
import type { Page } from 'playwright-core';

export const CSP_WATCH_SCRIPT = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    const target = event.composedPath()[0];
    const where = target instanceof Element ? target.tagName.toLowerCase() + (target.className && typeof target.className === 'string' ? '.' + target.className.split(' ').join('.') : '') : String(target);
    window.__cspViolations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + where + (event.sample ? ' (' + event.sample + ')' : '') + ' ' + event.sourceFile + ':' + event.lineNumber);
  }, true);
`;

/** Adds the watch before the page's own scripts run (call before `goto`). */
export async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript({ content: CSP_WATCH_SCRIPT });
}

/** What the page reported so far, one line per violation. */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['the CSP watch was not installed']);
}
