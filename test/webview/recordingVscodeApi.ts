/** An init script for a webview page outside VS Code: `acquireVsCodeApi` whose messages are kept in `window.__posted`. */
export const RECORDING_VSCODE_API = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    getState: () => undefined,
    setState: () => undefined,
  });
`;
