import * as vscode from 'vscode';
import type { PeekedMessage } from '../../connectors/rabbitmq/messages';
import { recordMessages } from '../../connectors/rabbitmq/recording';
import { recordingFileName } from '../../connectors/recordings/ignoredFolder';
import type { SelectionRecordingTarget } from '../../protocol/common';
import { withProgress } from '../../ui/progress';
import { MAX_CLIPBOARD_CHARS, recordingsFolder } from '../recordingFolder';
import type { CommandServices } from '../services';
import type { QueueTarget } from './rabbitTargets';

/**
 * The messages the page selected, taken from what the panel peeked and holds (the page sends positions
 * only, never bodies). A position the panel does not hold refuses the whole selection: a recording of
 * fewer messages than selected would pass for the selection.
 */
export function heldSelection(held: readonly PeekedMessage[], positions: readonly number[], queue: string): PeekedMessage[] {
  const byPosition = new Map(held.map((message) => [message.position, message]));
  const wanted = [...new Set(positions)].sort((a, b) => a - b);
  const missing = wanted.filter((position) => !byPosition.has(position));
  if (missing.length > 0) {
    const named = missing.slice(0, 5).map((p) => `#${p}`).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    throw new Error(`${missing.length} selected message(s) (${named}) are not among the messages this view peeked from ${queue}: peek again, then select.`);
  }
  return wanted.map((position) => byPosition.get(position) as PeekedMessage);
}

/** A body the peek kept as its first bytes is read whole again (see RabbitBroker.fetchBody): a recording is published again. */
async function withWholeBodies(target: QueueTarget, messages: readonly PeekedMessage[]): Promise<PeekedMessage[]> {
  const cut = messages.filter((m) => m.wholeSize !== undefined);
  if (cut.length === 0) return [...messages];
  const whole = new Map<number, Uint8Array>();
  await withProgress(`Reading ${cut.length} large selected message(s) of ${target.queue.name} whole…`, async (signal) => {
    for (const message of cut) whole.set(message.position, await target.broker.fetchBody(target.queue.name, message, target.vhost, signal));
  });
  return messages.map((message) => {
    const body = whole.get(message.position);
    if (body === undefined) return message;
    const { wholeSize: _cutAt, ...rest } = message;
    return { ...rest, body };
  });
}

/**
 * Save Selection as Recording / Copy Selection of the peek view: exactly the selected peeked messages, in
 * queue order, bodies whole, properties and headers as Save Peeked Messages as Recording… writes them, in the
 * one recording format; to a file in the recordings folder (then opened) or on the clipboard as the same
 * NDJSON (first line included, so a paste into a file is a recording). Says what it did.
 */
export async function recordPeekSelection(services: CommandServices, target: QueueTarget, held: readonly PeekedMessage[], positions: readonly number[], to: SelectionRecordingTarget): Promise<string> {
  const queue = target.queue.name;
  const chosen = heldSelection(held, positions, queue);
  const folder = to === 'file' ? await recordingsFolder(services.log) : undefined;
  const messages = await withWholeBodies(target, chosen);
  const text = recordMessages(messages, target.vhost, { connection: target.connection.label, queue });
  const count = messages.length.toLocaleString('en-US');
  let said: string;
  if (folder === undefined) {
    if (text.length > MAX_CLIPBOARD_CHARS) throw new Error(`the ${count} message(s) make ${(text.length / 1024 / 1024).toFixed(0)} MB of text, more than the clipboard takes here: use Save Selection as Recording.`);
    await vscode.env.clipboard.writeText(text);
    said = `Copied ${count} selected message(s) of ${queue} as a recording (NDJSON).`;
  } else {
    const file = vscode.Uri.joinPath(folder, recordingFileName(queue));
    await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
    await vscode.window.showTextDocument(file, { preview: false });
    said = `Saved ${count} selected message(s) of ${queue} as a recording: ${file.fsPath}.`;
  }
  services.log.info(said);
  return said;
}
