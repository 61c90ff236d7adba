/**
 * Watching VS Code's own debug sessions from a test: every `stopped` event any debug adapter sends (the
 * JavaScript debugger runs the program in a child session, so the stop comes from a session the test did not
 * start), and the Variables view's data read through the adapter's own requests.
 */
import * as vscode from 'vscode';

export interface Stop {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

export interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string; name?: string };
}

interface DapMessage {
  type?: string;
  event?: string;
  command?: string;
  arguments?: { source?: { path?: string }; breakpoints?: Array<{ line: number }> };
  body?: { threadId?: number; reason?: string; breakpoints?: Array<{ verified?: boolean; line?: number; message?: string }> };
}

export class StopWatcher implements vscode.Disposable {
  private readonly stops: Stop[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly registration: vscode.Disposable;
  /** Every event the adapters sent, for the failure message when no stop comes. */
  readonly events: string[] = [];

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        // Where a breakpoint was set and what the adapter said of it: why a breakpoint that never hits did not bind.
        onWillReceiveMessage: (message: DapMessage) => {
          if (message.command !== 'setBreakpoints') return;
          this.events.push(`${session.type}:setBreakpoints ${message.arguments?.source?.path ?? '?'}:${(message.arguments?.breakpoints ?? []).map((b) => b.line).join(',')}`);
        },
        onDidSendMessage: (message: DapMessage) => {
          if (message.type === 'response' && message.command === 'setBreakpoints') {
            this.events.push(`${session.type}:breakpoints ${JSON.stringify(message.body?.breakpoints ?? [])}`);
          }
          if (message.type !== 'event') return;
          this.events.push(`${session.type}:${message.event ?? '?'}${message.body?.reason ? `(${message.body.reason})` : ''}`);
          if (message.event === 'stopped' && message.body?.threadId !== undefined) {
            this.stops.push({ session, threadId: message.body.threadId, reason: message.body.reason ?? '' });
            for (const wake of this.waiters.splice(0)) wake();
          }
        },
        onError: (error: Error) => this.events.push(`${session.type}:error ${error.message}`),
      }),
    });
  }

  /** The next stop not yet taken, waiting for it up to `timeoutMs`. */
  async next(timeoutMs = 30_000): Promise<Stop> {
    const deadline = Date.now() + timeoutMs;
    while (this.stops.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no debug session stopped within ${timeoutMs / 1000} s; the adapters sent: ${this.events.join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.stops.shift()!;
  }

  dispose(): void {
    this.registration.dispose();
  }
}

export async function topFrame(stop: Stop): Promise<Frame> {
  const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 20 })) as { stackFrames: Frame[] };
  const frame = trace.stackFrames[0];
  if (!frame) throw new Error('the stopped thread has no stack frames');
  return frame;
}

/** The frame's file as a path: in code-server the adapter names it by its `vscode-remote://` URI. */
export function framePath(frame: Frame): string | undefined {
  const named = frame.source?.path;
  return named && /^[a-z][\w+.-]+:\/\//i.test(named) ? vscode.Uri.parse(named).fsPath : named;
}

/**
 * The names in scope at the frame as the Variables view lists them (name → the value shown): its block and
 * local scopes, innermost first (a loop's `let` sits in a block scope), without the global one.
 */
export async function localVariables(session: vscode.DebugSession, frame: Frame): Promise<Map<string, { value: string; reference: number }>> {
  const { scopes } = (await session.customRequest('scopes', { frameId: frame.id })) as { scopes: Array<{ name: string; variablesReference: number }> };
  const inScope = new Map<string, { value: string; reference: number }>();
  for (const scope of scopes.filter((candidate) => /^(block|local)/i.test(candidate.name))) {
    for (const [name, variable] of await children(session, scope.variablesReference)) if (!inScope.has(name)) inScope.set(name, variable);
  }
  if (inScope.size === 0) throw new Error(`no local variables in the scopes ${scopes.map((scope) => scope.name).join(', ')}`);
  return inScope;
}

/** The children of a variable, as the Variables view shows them when it is expanded. */
export async function children(session: vscode.DebugSession, reference: number): Promise<Map<string, { value: string; reference: number }>> {
  const { variables } = (await session.customRequest('variables', { variablesReference: reference })) as { variables: Array<{ name: string; value: string; variablesReference: number }> };
  return new Map(variables.map((variable) => [variable.name, { value: variable.value, reference: variable.variablesReference }]));
}
