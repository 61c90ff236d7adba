/** Entry point of the timeline webview bundle. */
import { connectToHost } from './host';
import { TimelineApp } from './timelineApp';
import { registerToolkit } from './toolkit';

registerToolkit();
const root = document.getElementById('app') ?? document.body;
new TimelineApp(connectToHost(), root);
