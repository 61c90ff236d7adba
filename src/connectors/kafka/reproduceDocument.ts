/**
 * A produce document that sends a browsed Kafka message again. The key, headers and value come from whoever
 * produced the message, and the document is read back line by line (`produceDocument.ts`): a key with a line
 * break would add `topic:` lines, a text value with a `###` line a second message. So what the format cannot
 * carry is left out with a comment saying so (a key, a header), or refused with the reason (a value), and
 * the document always parses back to the one message it shows.
 */
import { LINE_BREAK, visibleControls } from '../../core/dataText';
import type { FlowEvent } from '../../core/envelope';
import { TOMBSTONE_LABEL } from './kafkaSource';
import { kafkaRecordOf } from './messageText';

/** A field line's value is everything after `name: ` up to the end of the line, taken as it is. */
function fitsOnOneLine(text: string): boolean {
  return !LINE_BREAK.test(text);
}

/** A header line is `header: name: value`: the name ends at the first `:` or `=` and is trimmed. */
function headerFits(key: string, value: string): boolean {
  return key !== '' && key === key.trim() && !/[:=]/.test(key) && fitsOnOneLine(key) && fitsOnOneLine(value);
}

/** Why a text value cannot be the value part of a block, or undefined when it can. */
export function textValueProblem(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- the vertical tab and form feed are what this looks for
  if (/[\u000b\u000c\u0085\u2028\u2029]/.test(value) || /\r(?!\n)/.test(value)) return 'it holds a line break other than \\n, which an editor may change';
  const lines = value.split(/\r?\n/);
  if (lines.some((line) => line.startsWith('###'))) return 'a line of it starts with ###, which would begin another message';
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  if (first.trim().startsWith('//')) return 'its first line starts with //, which would be read as a comment';
  if (/^(topic|key|partition|header|format)\s*:/i.test(first)) return 'its first line looks like a "name: value" field';
  return undefined;
}

/** The produce document for `event` sent again to `topic`; throws when its value cannot be written as it is. */
export function produceDocumentFor(event: FlowEvent, topic: string): string {
  const record = kafkaRecordOf(event);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) throw new Error(`"${visibleControls(topic)}" is not a topic name`);
  const lines = [`### again: ${visibleControls(record.topic)} [${record.partition}] @ ${visibleControls(record.offset)}`, `topic: ${topic}`];
  if (record.key !== null && record.keyEncoding === undefined) {
    if (fitsOnOneLine(record.key)) lines.push(`key: ${record.key}`);
    else lines.push('// The key is left out: it holds a line break, which a produce document cannot carry.');
  }
  let left = 0;
  for (const header of record.headers) {
    if (header.encoding === undefined && headerFits(header.key, header.value)) lines.push(`header: ${header.key}: ${header.value}`);
    else left += 1;
  }
  if (left > 0) lines.push(`// ${left} ${left === 1 ? 'header is' : 'headers are'} left out: bytes, or a name or value a "header:" line cannot carry.`);
  const binary = record.valueFormat === 'binary' || record.valueTruncated;
  if (binary) lines.push('// The original value is not text or was cut short; what follows is its preview.');
  if (record.valueFormat === 'tombstone') {
    lines.push(`// The original is a ${TOMBSTONE_LABEL}; a produce document always sends a value, so this one sends an empty text value.`, 'format: text', '');
    return `${lines.join('\n')}\n`;
  }
  const asText = typeof record.value === 'string' && record.valueFormat !== 'json';
  lines.push(`format: ${record.valueFormat === 'json' && !binary ? 'json' : 'text'}`, '');
  if (asText) {
    const problem = textValueProblem(record.value as string);
    if (problem !== undefined) throw new Error(`this message's value cannot be written into a produce document as it is: ${problem}`);
    lines.push(record.value as string);
  } else {
    // Pretty JSON never starts a line with ### or a field name; U+2028/2029 escaped so no editor splits a line.
    lines.push(JSON.stringify(record.value, null, 2).replace(/[\u2028\u2029\u0085]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
  return `${lines.join('\n')}\n`;
}
