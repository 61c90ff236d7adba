/**
 * What the timeline webview may do and read, free of the vscode API so a test can check it: scripts on
 * (nonce-gated by the page's CSP), command links off, and files only from the bundle folder.
 */

/** The bundle folder, relative to the extension root: the one place the webview may load files from. */
export const TIMELINE_BUNDLE_SEGMENTS = ['dist', 'webview'] as const;

export interface TimelineWebviewOptions<U> {
  enableScripts: true;
  enableCommandUris: false;
  localResourceRoots: U[];
}

/** `join` is `vscode.Uri.joinPath` in the panel and `path.join` in tests. */
export function timelineWebviewOptions<U>(extensionRoot: U, join: (root: U, ...segments: string[]) => U): TimelineWebviewOptions<U> {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [join(extensionRoot, ...TIMELINE_BUNDLE_SEGMENTS)],
  };
}
