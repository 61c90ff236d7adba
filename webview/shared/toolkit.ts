/**
 * The one place the webview touches its component library (@vscode/webview-ui-toolkit, deprecated
 * upstream). Everything else builds controls through these factories, so moving to
 * @vscode-elements/elements means rewriting this file and toolkitDefinitions.ts only.
 *
 * The factories create the elements by tag name and import nothing of the library. Its definitions (FAST,
 * about 85 KB of what was a 140 KB bundle) live in toolkitDefinitions.ts, bundled apart as
 * dist/webview/toolkit.js and loaded only after the first frame with rows: parsing them and upgrading the
 * controls before that frame took about half of the time to it. Until then the stylesheet keeps the
 * undefined controls invisible in their place. The properties set on them meanwhile (`disabled`,
 * `checked`) are FAST observables, whose values FAST takes over when it upgrades an element
 * (test/webview/toolkitLoading.test.ts holds it to that).
 */

/**
 * Returns a function that loads dist/webview/toolkit.js, once however often it is called. The page gives
 * its URL to the app's own script tag as `data-toolkit-src`; the new script carries that tag's nonce,
 * the only thing the CSP lets run. `appScript` is `document.currentScript` while the app's script runs.
 */
export function toolkitLoader(appScript: HTMLOrSVGScriptElement | null): () => void {
  let requested = false;
  return () => {
    if (requested) return;
    requested = true;
    const src = appScript instanceof HTMLScriptElement ? appScript.dataset.toolkitSrc : undefined;
    if (appScript === null || src === undefined || src === '') {
      console.error('The page gives no data-toolkit-src: the controls stay undefined.');
      return;
    }
    const script = document.createElement('script');
    script.nonce = appScript.nonce ?? '';
    script.src = src;
    script.addEventListener('error', () => console.error(`Could not load the toolkit from ${src}.`));
    document.head.append(script);
  };
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
