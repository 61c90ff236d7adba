import { managementError, managementStatusError, RabbitError } from './errors';
import { httpCall } from './httpJson';
import { QUEUE_COLUMNS, toBinding, toExchange, toQueue, toVhost } from './managementMapping';
import type { RabbitTlsOptions } from './options';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuePage, VhostInfo } from './topologyTypes';

export interface ManagementSettings {
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  tls?: RabbitTlsOptions;
  mask: (text: string) => string;
}

export interface QueuePageRequest {
  /** 1-based (the management API's own numbering). */
  page?: number;
  pageSize?: number;
  /** Text the queue name must contain (case-insensitive); it is matched literally, not as a pattern. */
  search?: string;
  signal?: AbortSignal;
}

/** The largest page the management API serves. */
export const MAX_PAGE_SIZE = 500;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The management plugin's HTTP API: listing and counts (publishing and reading go over AMQP). */
export class ManagementClient {
  private readonly authorization: string;
  private readonly where: string;

  constructor(private readonly settings: ManagementSettings) {
    this.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.where = new URL(settings.baseUrl).host;
  }

  async request(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, options: { body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<unknown> {
    let answer;
    try {
      answer = await httpCall({
        method,
        url: `${this.settings.baseUrl}${path}`,
        authorization: this.authorization,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        headers: options.headers,
        timeoutMs: this.settings.timeoutMs,
        signal: options.signal,
        tls: this.settings.tls,
      });
    } catch (error) {
      throw managementError(error, this.where, this.settings.mask);
    }
    if (answer.status < 200 || answer.status >= 300) throw managementStatusError(answer.status, this.settings.mask(reason(answer.text)), this.where);
    if (answer.text === '') return undefined;
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new RabbitError('management', 'other', `${this.where} answered with something other than JSON; is this the management API's port?`);
    }
  }

  private async list(path: string, signal?: AbortSignal): Promise<unknown[]> {
    const body = await this.request('GET', path, { signal });
    if (!Array.isArray(body)) throw new RabbitError('management', 'other', `${path} did not answer with a list`);
    return body as unknown[];
  }

  /** Who the API thinks we are: proves the credentials work. */
  async whoami(signal?: AbortSignal): Promise<{ name: string; tags: string }> {
    const body = (await this.request('GET', '/api/whoami', { signal })) as { name?: unknown; tags?: unknown } | undefined;
    const tags = body?.tags;
    return { name: typeof body?.name === 'string' ? body.name : '', tags: Array.isArray(tags) ? tags.map(String).join(',') : typeof tags === 'string' ? tags : '' };
  }

  async vhosts(signal?: AbortSignal): Promise<VhostInfo[]> {
    return (await this.list('/api/vhosts?columns=name,messages', signal)).map(toVhost);
  }

  async exchanges(vhost: string, signal?: AbortSignal): Promise<ExchangeInfo[]> {
    const rows = await this.list(`/api/exchanges/${encodeURIComponent(vhost)}?columns=name,vhost,type,durable,auto_delete,internal,arguments`, signal);
    return rows.map((row) => toExchange(row, vhost));
  }

  /** The vhost's first `limit` exchanges by name, in pages of the API's own paging, and how many it has in all. */
  async exchangesUpTo(vhost: string, limit: number, signal?: AbortSignal): Promise<{ items: ExchangeInfo[]; total: number }> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, limit));
    const items: ExchangeInfo[] = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), page_size: String(pageSize), pagination: 'true', columns: 'name,vhost,type,durable,auto_delete,internal,arguments' });
      const body = (await this.request('GET', `/api/exchanges/${encodeURIComponent(vhost)}?${params.toString()}`, { signal })) as Record<string, unknown> | undefined;
      if (!body || !Array.isArray(body.items)) throw new RabbitError('management', 'other', `/api/exchanges/${vhost} did not answer with a page`);
      items.push(...body.items.slice(0, limit - items.length).map((row) => toExchange(row, vhost)));
      if (page >= num(body.page_count) || items.length >= limit) return { items, total: num(body.total_count) };
    }
  }

  async bindings(vhost: string, signal?: AbortSignal): Promise<BindingInfo[]> {
    return (await this.list(`/api/bindings/${encodeURIComponent(vhost)}`, signal)).map((row) => toBinding(row, vhost));
  }

  /** One page of a vhost's queues, by name, through the API's own paging (one call, however many queues). */
  async queuePage(vhost: string, request: QueuePageRequest = {}): Promise<QueuePage> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(request.pageSize ?? 100)));
    // No `sort`: the API already orders queues by name, and asking for it again costs ~4× on 5,000 queues.
    const params = new URLSearchParams({ page: String(Math.max(1, Math.floor(request.page ?? 1))), page_size: String(pageSize), pagination: 'true', columns: QUEUE_COLUMNS });
    if (request.search !== undefined && request.search !== '') {
      params.set('name', `(?i)${escapeRegExp(request.search)}`);
      params.set('use_regex', 'true');
    }
    const body = (await this.request('GET', `/api/queues/${encodeURIComponent(vhost)}?${params.toString()}`, { signal: request.signal })) as Record<string, unknown> | undefined;
    if (!body || !Array.isArray(body.items)) throw new RabbitError('management', 'other', 'the queue page has no items');
    return { items: body.items.map((row) => toQueue(row, vhost)), page: num(body.page) || 1, pageCount: num(body.page_count), filteredCount: num(body.filtered_count), totalCount: num(body.total_count) };
  }

  /** Every queue of a vhost (for the topology and the dead-letter marks), in pages of the largest size. */
  async allQueues(vhost: string, signal?: AbortSignal): Promise<QueueInfo[]> {
    const queues: QueueInfo[] = [];
    for (let page = 1; ; page++) {
      const result = await this.queuePage(vhost, { page, pageSize: MAX_PAGE_SIZE, signal });
      for (const queue of result.items) queues.push(queue);
      if (page >= result.pageCount) return queues;
    }
  }

  /** The vhost's first `limit` queues by name, in pages of the API's own paging, and how many it has in all. */
  async queuesUpTo(vhost: string, limit: number, signal?: AbortSignal): Promise<{ items: QueueInfo[]; total: number }> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, limit));
    const items: QueueInfo[] = [];
    for (let page = 1; ; page++) {
      const result = await this.queuePage(vhost, { page, pageSize, signal });
      items.push(...result.items.slice(0, limit - items.length));
      if (page >= result.pageCount || items.length >= limit) return { items, total: result.totalCount };
    }
  }

  /**
   * The named queues of a vhost in one call: the API's paged list filtered by a pattern naming exactly them
   * (one request, not one per queue). Queues that do not exist are simply absent. Meant for a few names: they
   * all travel in the URL.
   */
  async queuesNamed(vhost: string, names: readonly string[], signal?: AbortSignal): Promise<QueueInfo[]> {
    if (names.length === 0) return [];
    const pattern = `^(?:${names.map(escapeRegExp).join('|')})$`;
    const found: QueueInfo[] = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), page_size: String(MAX_PAGE_SIZE), pagination: 'true', columns: QUEUE_COLUMNS, name: pattern, use_regex: 'true' });
      const body = (await this.request('GET', `/api/queues/${encodeURIComponent(vhost)}?${params.toString()}`, { signal })) as Record<string, unknown> | undefined;
      if (!body || !Array.isArray(body.items)) throw new RabbitError('management', 'other', 'the queue page has no items');
      // The pattern is matched by the server; the exact names are checked here again ("$" also matches before a final newline).
      for (const row of body.items) {
        const queue = toQueue(row, vhost);
        if (names.includes(queue.name)) found.push(queue);
      }
      if (page >= num(body.page_count)) return found;
    }
  }

  async queue(vhost: string, name: string, signal?: AbortSignal): Promise<QueueInfo> {
    return toQueue(await this.request('GET', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}?columns=${QUEUE_COLUMNS}`, { signal }), vhost);
  }

  /** The names of the broker's connections whose client-provided name is `clientName`. */
  async connectionsNamed(clientName: string, signal?: AbortSignal): Promise<string[]> {
    const rows = await this.list('/api/connections?columns=name,client_properties', signal);
    return rows
      .map((row) => row as { name?: unknown; client_properties?: { connection_name?: unknown } })
      .filter((row) => row.client_properties?.connection_name === clientName && typeof row.name === 'string')
      .map((row) => row.name as string);
  }

  async closeConnection(name: string, why: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/api/connections/${encodeURIComponent(name)}`, { signal, headers: { 'x-reason': why } });
  }
}

function reason(text: string): string {
  try {
    const body = JSON.parse(text) as { reason?: unknown; error?: unknown };
    const why = body.reason ?? body.error;
    return (typeof why === 'string' ? why : JSON.stringify(why ?? '')).slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
