import * as vscode from 'vscode';

/** One message the extension showed through `vscode.window.show{Information,Warning}Message`. */
export interface ShownMessage {
  severity: 'information' | 'warning';
  message: string;
  modal: boolean;
  detail?: string;
  items: string[];
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Answers the extension's information and warning messages in place of the user, and keeps what they said:
 * the extension and its tests share one `vscode` API object, so replacing its two functions catches every
 * such message while `answer` is installed. `answer` returns the item to click, or undefined (dismissed).
 */
export function answerMessages(answer: (shown: ShownMessage) => string | undefined): { shown: ShownMessage[]; restore(): void } {
  const window = vscode.window as unknown as { showInformationMessage: Show; showWarningMessage: Show };
  const original = { showInformationMessage: window.showInformationMessage, showWarningMessage: window.showWarningMessage };
  const shown: ShownMessage[] = [];
  const fake =
    (severity: ShownMessage['severity']): Show =>
    (message, ...rest) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const items = rest.map((item) => (typeof item === 'string' ? item : String((item as { title?: unknown }).title)));
      const entry: ShownMessage = { severity, message, modal: options?.modal === true, items, ...(options?.detail === undefined ? {} : { detail: options.detail }) };
      shown.push(entry);
      const choice = answer(entry);
      return Promise.resolve(choice !== undefined && items.includes(choice) ? choice : undefined);
    };
  window.showInformationMessage = fake('information');
  window.showWarningMessage = fake('warning');
  return {
    shown,
    restore: () => {
      window.showInformationMessage = original.showInformationMessage;
      window.showWarningMessage = original.showWarningMessage;
    },
  };
}
