import * as vscode from 'vscode';
import type { FlowEvent } from '../../core/envelope';
import { isKafkaSource } from '../../connectors/kafka/kafkaSource';
import { messageBytesText, messageDocumentText } from '../../connectors/kafka/messageText';

export type MessageView = 'decoded' | 'hex';

// Its own scheme: RabbitMQ's peeked messages have theirs, and one scheme has one content provider.
export const MESSAGE_SCHEME = 'eventflows-kafka-message';
/** Documents kept for reopening; older ones are dropped (their editors keep their text). */
const KEPT = 200;

/**
 * Kafka messages as read-only documents (a content provider: no file, no save, no "dirty"). JSON values
 * open as the whole record in JSON; text and binary values as text (hex for bytes), truncated values say so.
 */
export class MessageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(MESSAGE_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This message is no longer kept: open it again from the browse view.\n';
  }

  /** The document of one message (made now, kept for reopening): decoded, or its raw bytes in hex. */
  uriOf(clusterLabel: string, event: FlowEvent, view: MessageView = 'decoded'): vscode.Uri {
    const { text, language } = view === 'hex' ? { text: messageBytesText(event), language: 'plaintext' } : messageDocumentText(event);
    // The file name is what the tab shows: topic, partition and offset.
    const source = event.source;
    const where = isKafkaSource(source) ? `${source.topic}/${source.topic}-${source.partition}-${source.offset}` : event.id;
    const extension = view === 'hex' ? 'hex.txt' : language === 'json' ? 'json' : 'txt';
    const uri = vscode.Uri.from({ scheme: MESSAGE_SCHEME, path: `/${safe(clusterLabel)}/${where}.${extension}` });
    const key = uri.toString();
    this.contents.delete(key);
    this.contents.set(key, text);
    if (this.contents.size > KEPT) this.contents.delete(this.contents.keys().next().value as string);
    this.changed.fire(uri);
    return uri;
  }

  async open(clusterLabel: string, event: FlowEvent, column = vscode.ViewColumn.Active): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(this.uriOf(clusterLabel, event));
    await vscode.window.showTextDocument(document, { viewColumn: column, preview: true });
    return document;
  }

  /** Two messages side by side in the diff editor, decoded or as raw bytes in hex. */
  async compare(clusterLabel: string, left: FlowEvent, right: FlowEvent, view: MessageView = 'decoded'): Promise<void> {
    const title = `${positionOf(left)} ↔ ${positionOf(right)}${view === 'hex' ? ' (bytes)' : ''}`;
    await vscode.commands.executeCommand('vscode.diff', this.uriOf(clusterLabel, left, view), this.uriOf(clusterLabel, right, view), title, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}

function positionOf(event: FlowEvent): string {
  const source = event.source;
  return isKafkaSource(source) ? `${source.topic} [${source.partition}] @ ${source.offset}` : event.id;
}

function safe(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'cluster';
}
