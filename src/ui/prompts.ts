import * as vscode from 'vscode';
import { CancelledError } from './progress';

export interface AskOptions {
  title: string;
  prompt: string;
  value?: string;
  password?: boolean;
  /** Returns what is wrong with the text, or undefined; by default the answer must not be empty. */
  validate?: (text: string) => string | undefined;
}

/** One input box that stays open on focus loss; Escape cancels the whole command. Returns the trimmed answer. */
export async function ask(options: AskOptions): Promise<string> {
  const answer = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    password: options.password,
    ignoreFocusOut: true,
    validateInput: options.validate ?? ((text) => (text.trim() ? undefined : 'Required')),
  });
  if (answer === undefined) {
    throw new CancelledError();
  }
  return answer.trim();
}
