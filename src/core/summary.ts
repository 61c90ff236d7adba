import type { JsonValue } from './json';
import { isJsonObject } from './json';

const ELLIPSIS = '…';

/**
 * One line for a list row: `key=value` for the first scalar fields of the data, cut to `maxLength`
 * characters (the `…` included). Nested objects and arrays are left for the detail view.
 */
export function summarizeData(data: JsonValue, maxLength = 120): string {
  const limit = Math.max(1, Math.floor(maxLength));
  if (Array.isArray(data)) return cut(`[${data.length} ${data.length === 1 ? 'item' : 'items'}]`, limit);
  if (!isJsonObject(data)) return cut(String(data), limit);
  let line = '';
  for (const key in data) {
    const value = data[key];
    if (value === undefined || (typeof value === 'object' && value !== null)) continue;
    line += `${line === '' ? '' : ' '}${oneLine(key)}=${scalarText(value)}`;
    // Stop reading a huge object as soon as the line is full.
    if (line.length > limit) break;
  }
  return cut(line, limit);
}

function scalarText(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  // Quote only when the value would otherwise blur into the next pair.
  return value === '' || /[\s="]/.test(value) ? JSON.stringify(value) : value;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function cut(text: string, limit: number): string {
  const single = oneLine(text);
  return single.length <= limit ? single : single.slice(0, limit - 1) + ELLIPSIS;
}
