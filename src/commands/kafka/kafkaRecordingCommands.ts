import * as fs from 'node:fs';
import { once } from 'node:events';
import * as vscode from 'vscode';
import type { BrowseStart } from '../../connectors/broker';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { readPositions, type RecordPosition } from '../../connectors/kafka/positionsRead';
import { kafkaRecordingHeader, recordedRecord } from '../../connectors/kafka/kafkaRecording';
import { recordingFileName } from '../../connectors/recordings/ignoredFolder';
import { recordingLine, writeRecording } from '../../connectors/recordings/recordingFormat';
import type { TreeNode } from '../../explorer/treeNode';
import { ask } from '../../ui/prompts';
import { isCancellation, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import { MAX_CLIPBOARD_CHARS, recordingsFolder } from '../recordingFolder';
import type { CommandServices } from '../services';
import { openKafka, pickKafka } from './kafkaPick';

export const KAFKA_RECORDING_COMMANDS = {
  recordTail: 'eventFlows.kafka.recordTail',
  savePage: 'eventFlows.kafka.savePageAsRecording',
} as const;

/** What Save Page as Recording… reads: the browser's default page (the latest of each partition) unless given. */
interface SavePageOptions {
  topic?: string;
  folder?: vscode.Uri;
  start?: BrowseStart;
  /** The most messages the page holds (default 100). */
  limit?: number;
}

/** What the extension's own callers (and tests) may set: where, from where, and when to stop. */
interface RecordTailOptions {
  topic?: string;
  folder?: vscode.Uri;
  start?: BrowseStart;
  /** Stop after this many messages (else when the user stops it). */
  maxMessages?: number;
  open?: boolean;
}

export { MAX_CLIPBOARD_CHARS };

/**
 * The browser's selected messages as a recording: read again at their positions with their bytes kept (the
 * browse keeps previews only), in the order selected, then written to the recordings folder or put on the
 * clipboard as the same NDJSON (first line included, so a paste into a file is a recording). Says what it did.
 */
export async function recordSelection(services: CommandServices, connection: KafkaClusterConnection, topic: string, positions: readonly RecordPosition[], to: 'file' | 'clipboard'): Promise<string> {
  const folder = to === 'file' ? await recordingsFolder(services.log) : undefined;
  const broker = await openKafka(connection);
  const read = await withProgress(`Reading ${positions.length.toLocaleString('en-US')} selected message(s) of ${topic}…`, (signal) => readPositions(broker, topic, positions, signal));
  if (read.events.length === 0) throw new Error(`none of the ${positions.length} selected message(s) is in ${topic} any more (deleted by retention or compaction?).`);
  const text = writeRecording({ header: kafkaRecordingHeader(topic, connection.label), messages: read.events.map(recordedRecord) });
  const gone = read.missing.length > 0 ? ` ${read.missing.length} selected message(s) were no longer in the topic (first: [${read.missing[0].partition}] @ ${read.missing[0].offset}).` : '';
  let said: string;
  if (folder === undefined) {
    if (text.length > MAX_CLIPBOARD_CHARS) throw new Error(`the ${read.events.length.toLocaleString('en-US')} message(s) make ${(text.length / 1024 / 1024).toFixed(0)} MB of text, more than the clipboard takes here: use Save Selection as Recording.`);
    await vscode.env.clipboard.writeText(text);
    said = `Copied ${read.events.length.toLocaleString('en-US')} message(s) of ${topic} as a recording (NDJSON).${gone}`;
  } else {
    const file = vscode.Uri.joinPath(folder, recordingFileName(topic));
    await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
    said = `Saved ${read.events.length.toLocaleString('en-US')} selected message(s) of ${topic} as a recording: ${file.fsPath}.${gone}`;
  }
  services.log.info(said);
  return said;
}

/**
 * Record Tail to File…: a live tail of a topic written to a recording as it arrives, one line a message
 * with its bytes kept, until the user stops it (the progress notification's Cancel) or `maxMessages`.
 */
export function registerKafkaRecordingCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, KAFKA_RECORDING_COMMANDS.recordTail, 'record the tail', async (node?: TreeNode, given?: RecordTailOptions): Promise<{ file: string; messages: number }> => {
      const options = given ?? {};
      const connection = await pickKafka(services, node);
      const topic = options.topic ?? (node?.kind === 'kafkaTopic' ? node.topic.name : await ask({ title: 'Record tail to file', prompt: 'Topic' }));
      const folder = await recordingsFolder(services.log, { useDefault: given !== undefined, ...(options.folder ? { folder: options.folder } : {}) });
      const file = vscode.Uri.joinPath(folder, recordingFileName(topic));
      const broker = await openKafka(connection);
      const out = fs.createWriteStream(file.fsPath, { encoding: 'utf8' });
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      failed.catch(() => undefined);
      out.write(recordingLine(kafkaRecordingHeader(topic, connection.label)));
      let written = 0;
      const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
      let problem: Error | undefined;
      try {
        await withProgress(`Recording ${topic} to ${file.fsPath} (Cancel stops it)`, async (signal, report) => {
          const stop = new AbortController();
          const onCancel = () => stop.abort();
          signal.addEventListener('abort', onCancel, { once: true });
          try {
            await Promise.race([
              failed,
              broker.tail(
                { source: topic, start: options.start ?? { from: 'latest', count: 0 }, signal: stop.signal },
                {
                  keepBytes: true,
                  onProblem: (message) => services.log.warn(`Recording ${topic}: ${message}`),
                  onEvents: (events) => {
                    if (stop.signal.aborted) return;
                    let chunk = '';
                    for (const event of events.slice(0, Math.max(0, max - written))) {
                      try {
                        chunk += recordingLine(recordedRecord(event));
                        written += 1;
                      } catch (error) {
                        problem = error instanceof Error ? error : new Error(String(error));
                        stop.abort();
                        break;
                      }
                    }
                    out.write(chunk);
                    report(`${written.toLocaleString('en-US')} messages`);
                    if (written >= max) stop.abort();
                  },
                },
              ),
            ]);
          } finally {
            signal.removeEventListener('abort', onCancel);
          }
        }).catch((error: unknown) => {
          // Cancel is how a recording ends: what was written is kept.
          if (!isCancellation(error)) throw error;
        });
      } finally {
        out.end();
        await Promise.race([once(out, 'finish'), failed]);
      }
      if (problem !== undefined) throw problem;
      const said = `Recorded ${written.toLocaleString('en-US')} message(s) of ${topic} to ${file.fsPath}.`;
      services.log.info(said);
      if (options.open !== false) {
        void vscode.window.showInformationMessage(said, 'Open').then((answer) => (answer === 'Open' ? vscode.window.showTextDocument(file) : undefined));
      }
      return { file: file.fsPath, messages: written };
    }),
    registerCommand(services.log, KAFKA_RECORDING_COMMANDS.savePage, 'save the page as a recording', async (node?: TreeNode, given?: SavePageOptions): Promise<{ file: string; messages: number }> => {
      const options = given ?? {};
      const connection = await pickKafka(services, node);
      const topic = options.topic ?? (node?.kind === 'kafkaTopic' ? node.topic.name : await ask({ title: 'Save page as recording', prompt: 'Topic' }));
      const limit = options.limit ?? 100;
      const folder = await recordingsFolder(services.log, { useDefault: given !== undefined, ...(options.folder ? { folder: options.folder } : {}) });
      const broker = await openKafka(connection);
      const page = await withProgress(`Reading ${topic}…`, (signal) => broker.browseWith({ source: topic, start: options.start ?? { from: 'latest', count: limit }, limit, signal }, { keepBytes: true }));
      const file = vscode.Uri.joinPath(folder, recordingFileName(topic));
      const text = writeRecording({ header: kafkaRecordingHeader(topic, connection.label), messages: page.events.map(recordedRecord) });
      await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
      const said = `Saved ${page.events.length.toLocaleString('en-US')} message(s) of ${topic} as a recording: ${file.fsPath}.`;
      services.log.info(said);
      if (given === undefined) await vscode.window.showTextDocument(file);
      return { file: file.fsPath, messages: page.events.length };
    }),
  ];
}
