/** The parts of the extension's package.json the contract tests read, as VS Code loaded them. */
import * as vscode from 'vscode';
import { extensionId } from '../support/paths';

export interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

export interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, MenuEntry[]>;
    views: Record<string, { id: string; name: string }[]>;
  };
}

export function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) {
    throw new Error(`VS Code did not load ${extensionId}`);
  }
  return extension;
}

export function manifest(): Manifest {
  return ourExtension().packageJSON as Manifest;
}
