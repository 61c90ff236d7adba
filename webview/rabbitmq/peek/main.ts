/** Entry point of the RabbitMQ peek webview bundle. */
import { connectToHost } from './host';
import { PeekApp } from './peekApp';

new PeekApp(connectToHost(), document.getElementById('app') ?? document.body);
