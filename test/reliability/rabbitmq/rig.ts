/**
 * Whether the rig's RabbitMQ is there. On a developer's laptop without it the RabbitMQ checks skip with
 * the reason; under CI (`CI` set to anything, see test/support/ci.ts) they fail, since a green run must mean they ran.
 */
import * as ports from '../../services/ports';
import { underCi } from '../../support/ci';
import { portOpen } from '../../integration/support/mongoFixture';
import { rabbitInstalled } from '../../integration/support/rabbitProcess';

export async function rabbitMissing(): Promise<string | undefined> {
  if (!rabbitInstalled()) return 'RabbitMQ is not installed (npm run services:up installs it)';
  if (!(await portOpen(ports.rabbitmq.port))) return `RabbitMQ is not listening on ${ports.host}:${ports.rabbitmq.port} (npm run services:up)`;
  if (!(await portOpen(ports.rabbitmq.managementPort))) return `the RabbitMQ management API is not listening on ${ports.host}:${ports.rabbitmq.managementPort}`;
  return undefined;
}

/** For `before`: skips the suite when the rig is missing, or fails under CI. */
export async function requireRabbitRig(context: Mocha.Context, name: string): Promise<void> {
  const missing = await rabbitMissing();
  if (missing === undefined) return;
  if (underCi()) throw new Error(`${name}: ${missing}`);
  console.log(`      ${name}: skipped, ${missing}`);
  context.skip();
}
