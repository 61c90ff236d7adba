/** Entry point of the flow monitor webview bundle. */
import { connectToHost } from './host';
import { MonitorApp } from './monitorApp';

new MonitorApp(connectToHost(), document.getElementById('app') ?? document.body);
