/** Entry point of the timeline webview bundle. */
import { toolkitLoader } from '../shared/toolkit';
import { connectToHost } from './host';
import { TimelineApp } from './timelineApp';

/** The toolkit waits for the first view, but not longer than this: the controls are invisible until it runs. */
const TOOLKIT_AT_THE_LATEST_MS = 750;

// Only while this script runs is it `document.currentScript`.
const loadToolkit = toolkitLoader(document.currentScript);
const root = document.getElementById('app') ?? document.body;
new TimelineApp(connectToHost(), root, loadToolkit);
setTimeout(loadToolkit, TOOLKIT_AT_THE_LATEST_MS);
