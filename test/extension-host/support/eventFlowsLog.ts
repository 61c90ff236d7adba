import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventFlowsApi } from '../../../src/extension';
import { waitUntil } from '../../support/waits';

/** Waits for the Event Flows log to show `pattern`: where the command's error boundary writes the message the notification shows. */
export async function eventFlowsLogShows(api: EventFlowsApi, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const windowLogs = path.dirname(path.dirname(api.logFolder));
  await waitUntil(
    `the Event Flows log to show ${pattern}`,
    () => {
      const logs = fs.readdirSync(windowLogs, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.includes('Event Flows'));
      return Promise.resolve(logs.map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8')).join('\n'));
    },
    (text) => pattern.test(text),
    timeoutMs,
  );
}

/** `text` as a regular expression that matches exactly it. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
