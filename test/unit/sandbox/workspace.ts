/** Temporary workspaces with `.eventflow/` files written from strings, as a user would have them. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleOrderFlows } from '../../../src/core/samples';
import type { FlowEvent } from '../../../src/core/envelope';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';

export interface TempWorkspace {
  root: string;
  /** Writes `.eventflow/<relative>` and returns its absolute path. */
  write(relative: string, text: string): string;
  remove(): void;
}

export function tempWorkspace(): TempWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-sandbox-'));
  return {
    root,
    write(relative, text) {
      const file = path.join(root, '.eventflow', relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface SandboxPerTest {
  readonly workspace: TempWorkspace;
  readonly sandbox: ReducerSandbox;
}

/** Called inside a `describe`: each test gets a fresh temp workspace and reducer sandbox, both gone after it. */
export function sandboxPerTest(): SandboxPerTest {
  let workspace: TempWorkspace | undefined;
  let sandbox: ReducerSandbox | undefined;
  beforeEach(() => {
    workspace = tempWorkspace();
    sandbox = new ReducerSandbox();
  });
  afterEach(async () => {
    await sandbox?.dispose();
    workspace?.remove();
  });
  return {
    get workspace(): TempWorkspace {
      assert.ok(workspace, 'no workspace outside a test');
      return workspace;
    },
    get sandbox(): ReducerSandbox {
      assert.ok(sandbox, 'no sandbox outside a test');
      return sandbox;
    },
  };
}

/** The sample Order-1001 flow as a store returns it. */
export function sampleOrderEvents(): FlowEvent[] {
  const [order] = sampleOrderFlows({ orders: 1 });
  return order.events.map((event, index) => ({
    ...event,
    aggregateId: order.aggregateId,
    aggregateType: order.aggregateType,
    version: index + 1,
    source: { system: 'local', file: 'events.ndjson', line: index + 1 },
  }));
}

/** A user's Order reducer in plain CommonJS: pure, returns new states. */
export const ORDER_REDUCER_JS = `// A workspace reducer, as a user writes it.
module.exports = {
  Order: {
    initial: { status: 'none', items: [], total: 0, version: 0 },
    apply(state, event) {
      switch (event.type) {
        case 'OrderCreated':
          return { ...state, status: 'created', customerId: event.data.customerId, version: event.version };
        case 'ItemAdded': {
          const line = event.data.quantity * event.data.unitPrice;
          return { ...state, items: [...state.items, event.data.sku], total: Math.round((state.total + line) * 100) / 100, version: event.version };
        }
        case 'OrderPaid':
          return { ...state, status: 'paid', version: event.version };
        case 'OrderShipped':
          return { ...state, status: 'shipped', version: event.version };
        default:
          return { ...state, version: event.version };
      }
    },
  },
};
`;

/** The same reducer in TypeScript with ES module syntax; `new Error` of its throw is at line 16, column 13. */
export const ORDER_REDUCER_TS = `interface OrderState {
  status: string;
  items: string[];
  total: number;
  version: number;
}

type Event = { type: string; version?: number; data: { sku?: string; quantity?: number; unitPrice?: number } };

export const Order = {
  initial: (): OrderState => ({ status: 'none', items: [], total: 0, version: 0 }),
  apply(state: OrderState, event: Event): OrderState {
    const version: number = event.version ?? state.version + 1;
    if (event.type === 'OrderCreated') return { ...state, status: 'created', version };
    if (event.type === 'OrderShipped') {
      throw new Error('shipping is not modelled yet');
    }
    if (event.type === 'ItemAdded') return { ...state, items: [...state.items, event.data.sku ?? '?'], version };
    return { ...state, version };
  },
};
`;

/** Where (1-based) the error thrown in ORDER_REDUCER_TS is made. */
export const TS_THROW_AT = { line: 16, column: 13 };
