import * as vscode from 'vscode';
import { CancelledError } from './progress';
import { pickOrTypeList } from './pickOrTypeItems';
import { ask, type AskOptions } from './prompts';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

export interface PickOrTypeOptions {
  title: string;
  placeholder: string;
  /** What the server (or the document) offers; the user may type any other name. */
  choices: readonly string[];
  /** The current or default answer: one choice among the others (added when not offered), active at first. */
  value?: string;
  /** Shown beside each choice. */
  describe?: (choice: string) => string | undefined;
}

/**
 * The questions a wizard asks, as one interface: the editor's quick inputs by default, a script in the
 * extension-host tests (which then see exactly what the wizard offered).
 */
export interface WizardPrompts {
  ask(options: AskOptions): Promise<string>;
  pick<T>(title: string, items: readonly PickItem<T>[]): Promise<T>;
  /** One of `choices`, or a name the user types; Escape cancels. */
  pickOrType(options: PickOrTypeOptions): Promise<string>;
  /** A modal question with buttons; undefined when dismissed. */
  choose(message: string, actions: readonly string[]): Promise<string | undefined>;
  openFile(title: string, filters: Record<string, string[]>): Promise<string>;
}

export const editorPrompts: WizardPrompts = {
  ask,
  async pick<T>(title: string, items: readonly PickItem<T>[]): Promise<T> {
    const picked = await vscode.window.showQuickPick([...items], { title, ignoreFocusOut: true });
    if (!picked) throw new CancelledError();
    return picked.value;
  },
  pickOrType,
  async choose(message, actions) {
    return vscode.window.showErrorMessage(message, { modal: true }, ...actions);
  },
  async openFile(title, filters) {
    const files = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters });
    if (!files?.[0]) throw new CancelledError();
    return files[0].fsPath;
  },
};

interface NameItem extends vscode.QuickPickItem {
  name: string;
}

/**
 * A quick pick of names that also takes a name typed into it ("Use …" on top while it is not in the list).
 * The current answer is the active choice, never typed into the filter (which would hide the other names).
 */
function pickOrType(options: PickOrTypeOptions): Promise<string> {
  const quickPick = vscode.window.createQuickPick<NameItem>();
  quickPick.title = options.title;
  quickPick.placeholder = options.value ? `${options.placeholder} (default: ${options.value})` : options.placeholder;
  quickPick.ignoreFocusOut = true;
  const refresh = (): void => {
    const list = pickOrTypeList(options.choices, quickPick.value, options.value, options.describe);
    quickPick.items = list.items;
    if (list.active) quickPick.activeItems = [list.active];
  };
  refresh();
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
      quickPick.dispose();
    };
    quickPick.onDidChangeValue(refresh);
    quickPick.onDidAccept(() => {
      const chosen = quickPick.selectedItems[0]?.name ?? quickPick.activeItems[0]?.name ?? quickPick.value.trim();
      if (chosen) finish(() => resolve(chosen));
    });
    quickPick.onDidHide(() => finish(() => reject(new CancelledError())));
    quickPick.show();
  });
}
