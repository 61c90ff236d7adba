/** Entry point of the bus-run webview bundle. */
import { toolkitLoader } from '../shared/toolkit';
import { BusRunApp } from './busRunApp';
import { connectToHost } from './host';

// Only while this script runs is it `document.currentScript`.
const loadToolkit = toolkitLoader(document.currentScript);
const root = document.getElementById('app') ?? document.body;
new BusRunApp(connectToHost(), root);
requestAnimationFrame(() => requestAnimationFrame(loadToolkit));
