/** What the suite inside VS Code writes for the launcher outside it (mocha's own output stays in the page console). */
export interface ExtensionTestResult {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: string;
}

export interface ExtensionTestReport {
  results: ExtensionTestResult[];
  /** Set when the suite could not run at all (a test file that throws on load, for one). */
  error?: string;
}

export const resultsFileVariable = 'EFX_EXTENSION_TEST_RESULTS';
