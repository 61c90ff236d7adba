/** Entry point of the timeline webview bundle. */
import { connectToHost } from './host';
import { TimelineApp } from './timelineApp';
import { registerToolkit } from './toolkit';

const root = document.getElementById('app') ?? document.body;
new TimelineApp(connectToHost(), root);
// After the app has asked the host for its first messages: the toolkit's controls upgrade in place.
registerToolkit();
