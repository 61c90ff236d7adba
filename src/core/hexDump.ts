/**
 * A `hexdump -C` style view of bytes: offset, sixteen hex bytes split in two groups of eight, and the
 * printable ASCII between bars. Every line has the same length, so the caller can fit a preview into a
 * size budget by choosing how many lines to render instead of cutting a line in half.
 */
const BYTES_PER_LINE = 16;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Length of one rendered line including its newline. */
export const HEX_DUMP_LINE_LENGTH = renderLine(new Uint8Array(BYTES_PER_LINE), 0, 0).length + 1;

/** How many bytes a dump of at most `maxChars` characters can show. */
export function hexDumpCapacity(maxChars: number): number {
  return Math.max(0, Math.floor(maxChars / HEX_DUMP_LINE_LENGTH)) * BYTES_PER_LINE;
}

/** Renders the first `byteCount` bytes (all of them by default). */
export function hexDump(bytes: Uint8Array, byteCount = bytes.length): string {
  const end = Math.min(byteCount, bytes.length);
  const lines: string[] = [];
  for (let offset = 0; offset < end; offset += BYTES_PER_LINE) {
    lines.push(renderLine(bytes, offset, Math.min(end, offset + BYTES_PER_LINE)));
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function renderLine(bytes: Uint8Array, start: number, end: number): string {
  let hex = '';
  let ascii = '';
  for (let column = 0; column < BYTES_PER_LINE; column++) {
    const at = start + column;
    if (column === 8) hex += ' ';
    if (at < end) {
      const byte = bytes[at] ?? 0;
      hex += HEX[byte] + ' ';
      ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    } else {
      hex += '   ';
      ascii += ' ';
    }
  }
  return `${start.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}
