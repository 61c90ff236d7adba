/**
 * What a webview panel may do and read, free of the vscode API so a test can check it: scripts on
 * (nonce-gated by the page's CSP), command links off, and files only from the bundle folder.
 */

/** The bundle folder of every webview app, relative to the extension root: the one place they may load files from. */
export const WEBVIEW_BUNDLE_SEGMENTS = ['dist', 'webview'] as const;

export interface WebviewPanelOptions<U> {
  enableScripts: true;
  enableCommandUris: false;
  localResourceRoots: U[];
}

/** `join` is `vscode.Uri.joinPath` in the panel and `path.join` in tests. */
export function webviewPanelOptions<U>(extensionRoot: U, join: (root: U, ...segments: string[]) => U): WebviewPanelOptions<U> {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [join(extensionRoot, ...WEBVIEW_BUNDLE_SEGMENTS)],
  };
}
