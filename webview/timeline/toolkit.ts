/**
 * The one place the webview touches its component library (@vscode/webview-ui-toolkit, deprecated
 * upstream). Everything else builds controls through these factories, so moving to
 * @vscode-elements/elements means rewriting this file only.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeBadge(), vsCodeDivider(), vsCodeProgressRing());
}

export interface ToolkitButton extends HTMLElement {
  disabled: boolean;
}

export interface ToolkitCheckbox extends HTMLElement {
  checked: boolean;
}

export interface ButtonOptions {
  id: string;
  /** Accessible name; also the tooltip. */
  label: string;
  appearance: 'primary' | 'secondary' | 'icon';
  content: Array<Node | string>;
}

export function createButton(options: ButtonOptions): ToolkitButton {
  const button = document.createElement('vscode-button') as ToolkitButton;
  button.id = options.id;
  button.setAttribute('appearance', options.appearance);
  button.setAttribute('aria-label', options.label);
  button.title = options.label;
  button.append(...options.content);
  return button;
}

export function createCheckbox(label: string, value: string): ToolkitCheckbox {
  const checkbox = document.createElement('vscode-checkbox') as ToolkitCheckbox;
  checkbox.setAttribute('value', value);
  checkbox.textContent = label;
  return checkbox;
}

export function createBadge(text: string, className?: string): HTMLElement {
  const badge = document.createElement('vscode-badge');
  if (className !== undefined) badge.className = className;
  badge.textContent = text;
  return badge;
}

export function createDivider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function createProgressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}
