/** Entry point of the topology webview bundle. */
import { connectToHost } from './host';
import { TopologyApp } from './topologyApp';

new TopologyApp(connectToHost(), document.getElementById('app') ?? document.body);
