import type { RedriveReport } from './redrive';
import { describeIdentity } from './redriveIdentity';
import type { RedriveTarget } from './redrivePlan';

/** A target as a person names it: the queue for the default exchange, else the exchange and key. */
function targetText(target: RedriveTarget): string {
  return target.exchange === '' ? target.routingKey : `exchange ${target.exchange} (key ${target.routingKey})`;
}

export interface RedriveSummary {
  /** One line: "Redrove 2 of 2 to orders.payments; 0 stayed; 1 not found". */
  text: string;
  /** What the line leaves out: why messages stayed, which listed ones were not found. */
  details: string[];
  /** Queues the messages were sent to straight (through the default exchange): what the user may open next. */
  queues: string[];
}

/** What a redrive did, said the way the page and the notification say it. */
export function summariseRedrive(report: RedriveReport): RedriveSummary {
  const of = report.listed ?? report.scanned;
  const to = report.moved > 0 && report.sentTo.length > 0 ? ` to ${report.sentTo.map(targetText).join(', ')}` : '';
  const parts = [`Redrove ${report.moved} of ${of}${to}`, `${report.skipped.length} stayed`];
  if (report.listed !== undefined) parts.push(`${report.notFound.length} not found`);
  if (report.kept > 0) parts.push(`${report.kept} not listed, left alone`);
  if (report.possiblyDuplicated > 0) parts.push(`${report.possiblyDuplicated} may be duplicated`);
  if (report.interrupted) parts.push(`interrupted: ${report.interrupted.message}`);
  const details: string[] = [];
  const reasons = new Map<string, number>();
  for (const skipped of report.skipped) reasons.set(skipped.reason, (reasons.get(skipped.reason) ?? 0) + 1);
  for (const [reason, count] of reasons) details.push(`${count} stayed: ${reason}`);
  if (report.notFound.length > 0) {
    const shown = report.notFound.slice(0, 5).map(describeIdentity);
    details.push(`Listed by the dry run and no longer in the queue (consumed, purged or expired since): ${shown.join('; ')}${report.notFound.length > 5 ? `; and ${report.notFound.length - 5} more` : ''}`);
  }
  const queues = [...new Set(report.sentTo.filter((t) => t.exchange === '').map((t) => t.routingKey))];
  return { text: `${parts.join('; ')}.`, details, queues };
}
