/** Entry point of the statistics view bundle. */
import { connectToHost } from './host';
import { StatisticsApp } from './statisticsApp';

new StatisticsApp(connectToHost(), document.getElementById('app') ?? document.body);
