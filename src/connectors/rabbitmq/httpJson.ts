import * as http from 'node:http';
import * as https from 'node:https';
import type { RabbitTlsOptions } from './options';

export interface HttpAnswer {
  status: number;
  /** The body as text (the management API answers JSON, or a short reason on errors). */
  text: string;
}

export interface HttpCall {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: string;
  authorization: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  tls?: RabbitTlsOptions;
}

/**
 * One HTTP exchange with a deadline and a cancel signal. node:http(s) rather than fetch: an https management
 * URL may need the broker's own CA and a client certificate, which fetch cannot be given.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(call.url);
    const client = url.protocol === 'https:' ? https : http;
    const tls = call.tls;
    const request = client.request(
      url,
      {
        method: call.method,
        headers: { authorization: call.authorization, accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
        signal: call.signal,
        ...(url.protocol === 'https:' && tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, passphrase: tls.passphrase, rejectUnauthorized: tls.allowInvalidCertificates !== true } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    // A whole-exchange deadline: a listener that accepts and never answers must not hang the caller.
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${call.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      request.destroy(error);
    }, call.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(call.body);
  });
}
