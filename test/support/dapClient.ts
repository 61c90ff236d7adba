/**
 * A Debug Adapter Protocol client over a child process's stdio: enough to drive debugpy's own adapter
 * (`python -m debugpy.adapter`) from a unit test as VS Code does: requests with their responses, and the
 * events in the order they came.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface DapEvent {
  event: string;
  body: Record<string, unknown>;
}

interface DapResponse {
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

export class DapClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, { resolve: (body: unknown) => void; reject: (error: Error) => void }>();
  private readonly events: DapEvent[] = [];
  private readonly wakers: Array<() => void> = [];
  /** What the debuggee printed, through `output` events. */
  output = '';

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  request<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const seq = this.seq++;
    const text = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.child.stdin?.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    return new Promise<T>((resolve, reject) => this.pending.set(seq, { resolve: resolve as (body: unknown) => void, reject }));
  }

  /** The next event named `name` (earlier events of other names are passed over), waiting up to `timeoutMs`. */
  async next(name: string, timeoutMs = 20_000): Promise<DapEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((event) => event.event === name);
      if (index >= 0) return this.events.splice(0, index + 1)[index];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${name} event within ${timeoutMs / 1000} s; output:\n${this.output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  kill(): void {
    this.child.kill();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as { type: string; event?: string; body?: Record<string, unknown> } & DapResponse;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === 'response') {
        const waiting = this.pending.get(message.request_seq);
        this.pending.delete(message.request_seq);
        if (message.success) waiting?.resolve(message.body);
        else waiting?.reject(new Error(message.message ?? 'request failed'));
      } else if (message.type === 'event') {
        if (message.event === 'output' && typeof message.body?.output === 'string') this.output += message.body.output;
        this.events.push({ event: message.event ?? '', body: message.body ?? {} });
        for (const wake of this.wakers.splice(0)) wake();
      }
    }
  }
}
