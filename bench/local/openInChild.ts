/** Runs bench/local/openChild in a new Node process and returns what it measured. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { OpenChildResult } from './openChild';

export function openInChild(mode: 'store' | 'scan', file: string, aggregateId: string): Promise<OpenChildResult> {
  const script = path.join(__dirname, 'openChild.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, mode, file, aggregateId], { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${mode} child failed: ${error.message}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as OpenChildResult);
    });
  });
}
