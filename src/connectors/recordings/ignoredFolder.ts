/** Where recordings go unless the user picks another folder: inside the workspace, outside version control. */
export const DEFAULT_RECORDINGS_FOLDER = '.eventflow/recordings';

function normalized(line: string): string {
  return line.trim().replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * A `.gitignore` text (undefined: no file yet) with `folder/` ignored, or undefined when a line already
 * ignores exactly that folder (with or without its leading or trailing slash): the line is never added twice.
 */
export function gitignoreWith(text: string | undefined, folder: string): string | undefined {
  const wanted = normalized(folder);
  const lines = (text ?? '').split(/\r?\n/);
  if (lines.some((line) => !line.trim().startsWith('#') && normalized(line) === wanted)) return undefined;
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  const body = text === undefined || text === '' ? '' : text.endsWith('\n') ? text : `${text}${eol}`;
  return `${body}${wanted}/${eol}`;
}

/** A file name for a recording of `channel` made at `when`: the channel's name made safe, and the time. */
export function recordingFileName(channel: string, when = new Date()): string {
  const safe = channel.replace(/[^\w.-]/g, '_').slice(0, 100) || 'recording';
  return `${safe}-${when.toISOString().replace(/[:.]/g, '-')}.ndjson`;
}
