/** Workspace files for the sandbox rows, written under the bench cache as a user would have them. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A user's Order reducer in plain CommonJS: new state per event, items bounded by the stream's shape. */
export const BENCH_ORDER_REDUCER_JS = `module.exports = {
  Order: {
    initial: () => ({ status: 'none', items: [], total: 0, version: 0 }),
    apply(state, event) {
      const data = event.data;
      switch (event.type) {
        case 'OrderCreated':
          return { status: 'created', items: [], total: 0, customerId: data.customerId, version: event.version };
        case 'ItemAdded':
          return { ...state, items: [...state.items, data.sku], total: Math.round((state.total + data.quantity * data.unitPrice) * 100) / 100, version: event.version };
        case 'ItemRemoved':
          return { ...state, items: state.items.filter((sku) => sku !== data.sku), version: event.version };
        case 'OrderPaid':
          return { ...state, status: 'paid', version: event.version };
        case 'OrderShipped':
          return { ...state, status: 'shipped', carrier: data.carrier, version: event.version };
        default:
          return { ...state, version: event.version };
      }
    },
  },
};
`;

/** Writes `relative` under `<cacheDir>/sandbox-workspace/.eventflow/` and returns its path. */
export function writeWorkspaceFile(cacheDir: string, relative: string, text: string): string {
  const file = path.join(cacheDir, 'sandbox-workspace', '.eventflow', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The same file as the host would run it without a sandbox: required directly. */
export function requireDirectly<T>(file: string): T {
  delete require.cache[require.resolve(file)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}
