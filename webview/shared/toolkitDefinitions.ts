/**
 * Entry of dist/webview/toolkit.js: the toolkit's element definitions, bundled apart from the app so that
 * its first frame does not wait for FAST to be parsed. toolkit.ts loads this file after that frame.
 */
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDivider } from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDivider());
