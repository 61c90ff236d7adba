/**
 * How a panel takes a message from its page, free of the vscode API so a unit test can drive it: the
 * message is checked against the app's schema first (a webview is untrusted input), a message that fails
 * is logged and dropped, and an answer that throws becomes words in the page instead of a rejection.
 */
import type { ParsedMessage } from '../protocol/common';

/** The two lines a panel writes: a dropped message (warn) and a failed answer (error). */
export interface PanelLog {
  warn(message: string): void;
  error(message: string): void;
}

/** The page→host half of an app's protocol, and what the panel does with each checked message. */
export interface PanelAnswers<ToHost> {
  /** The app's page-message validator (`parse…Message` in `protocol/<app>.ts`). */
  parse(raw: unknown): ParsedMessage<ToHost>;
  answer(message: ToHost): Promise<void>;
  /** The words for an answer that threw, logged and shown in the page; undefined says nothing (the user cancelled). */
  failure(message: ToHost, error: unknown): string | undefined;
}

export interface PanelReceiver {
  /** Names the panel in its log lines ("Timeline Order-1"). */
  label: string;
  log: PanelLog;
  /** Logs the failure and shows it in the page. */
  showError(text: string): Promise<void>;
}

/** Checks one message from the page and answers it. Never rejects. */
export async function receivePanelMessage<ToHost>(raw: unknown, answers: PanelAnswers<ToHost>, receiver: PanelReceiver): Promise<void> {
  const parsed = answers.parse(raw);
  if (!parsed.ok) {
    receiver.log.warn(`${receiver.label}: ${parsed.error}`);
    return;
  }
  try {
    await answers.answer(parsed.message);
  } catch (error) {
    const text = answers.failure(parsed.message, error);
    if (text !== undefined) await receiver.showError(text);
  }
}
