/**
 * A vhost of its own on the rig's RabbitMQ for one suite, made through the management API with the rig's
 * user granted everything in it, and deleted after. A missing rig skips the suite (fails it under CI).
 */
import * as assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { host, rabbitmq } from '../services/ports';
import { skipOrFailWithoutRig } from './rig';

const auth = `Basic ${Buffer.from(`${rabbitmq.username}:${rabbitmq.password}`).toString('base64')}`;

export function management(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${rabbitmq.managementUrl}/api${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(10_000) });
}

/** Makes the vhost and returns a raw AMQP connection into it, for seeding and checking as another program would. */
export async function openTestVhost(context: Mocha.Context, label: string, vhost: string): Promise<amqp.ChannelModel> {
  const answers = await management('GET', '/whoami').then((r) => r.ok, () => false);
  skipOrFailWithoutRig(context, label, answers ? undefined : `the test rig's RabbitMQ management API on ${rabbitmq.managementUrl} does not answer; run npm run services:up`);
  assert.ok((await management('PUT', `/vhosts/${vhost}`)).ok, 'could not create the test vhost');
  assert.ok((await management('PUT', `/permissions/${vhost}/${rabbitmq.username}`, { configure: '.*', write: '.*', read: '.*' })).ok, 'could not grant the test vhost');
  return amqp.connect(`amqp://${rabbitmq.username}:${rabbitmq.password}@${host}:${rabbitmq.port}/${vhost}`);
}

/** Deletes the vhost and everything in it; a vhost already gone is no error. */
export async function deleteTestVhost(vhost: string): Promise<void> {
  await management('DELETE', `/vhosts/${vhost}`).catch(() => undefined);
}
