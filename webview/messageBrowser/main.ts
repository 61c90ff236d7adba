/** Entry point of the message browser webview bundle. */
import { toolkitLoader } from '../shared/toolkit';
import { BrowserApp } from './browserApp';
import { connectToHost } from './host';

const TOOLKIT_AT_THE_LATEST_MS = 750;

const loadToolkit = toolkitLoader(document.currentScript);
const root = document.getElementById('app') ?? document.body;
new BrowserApp(connectToHost(), root, loadToolkit);
setTimeout(loadToolkit, TOOLKIT_AT_THE_LATEST_MS);
