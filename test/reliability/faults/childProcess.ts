/** Node children for the fault tests: started on a compiled fixture, their stdout read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export interface Child {
  process: ChildProcess;
  lines: string[];
  stderr: string[];
  /** Resolves once the child has exited and its output is read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line matching `pattern` arrives (or rejects after `timeoutMs`, or when the child ends first). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
}

export function startFixture(name: string, args: unknown): Child {
  const child = spawn(process.execPath, [path.join(FIXTURES, `${name}.js`), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    lines,
    stderr,
    exited,
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line like ${String(pattern)} within ${timeoutMs} ms; stderr: ${stderr.join('')}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the child ended before a line like ${String(pattern)}; stderr: ${stderr.join('')}`));
        });
      });
    },
  };
}
