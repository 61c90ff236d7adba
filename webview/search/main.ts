/** Entry point of the search view bundle. */
import { connectToHost } from './host';
import { SearchApp } from './searchApp';

new SearchApp(connectToHost(), document.getElementById('app') ?? document.body);
