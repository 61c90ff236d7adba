/** Entry point of the flow view bundle. */
import { FlowApp } from './flowApp';
import { connectToHost } from './host';

new FlowApp(connectToHost(), document.getElementById('app') ?? document.body);
