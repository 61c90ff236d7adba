/**
 * The one place the webview touches its component library (@vscode/webview-ui-toolkit, deprecated
 * upstream). Everything else builds controls through these factories, so moving to
 * @vscode-elements/elements means rewriting this file only.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDivider());
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

/**
 * A plain span, not the toolkit's badge: that one binds an inline `style` attribute in its template,
 * which the webview's CSP (no 'unsafe-inline') blocks and reports on every render.
 */
export function createBadge(text: string, className?: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = className === undefined ? 'badge' : `badge ${className}`;
  badge.textContent = text;
  return badge;
}

export function createDivider(): HTMLElement {
  return document.createElement('vscode-divider');
}

/** A CSS spinner, not the toolkit's progress ring: its template binds an inline `style` the CSP blocks. */
export function createProgressRing(): HTMLElement {
  const spinner = document.createElement('span');
  spinner.className = 'spinner';
  spinner.setAttribute('aria-hidden', 'true');
  return spinner;
}
