/**
 * Whether the test rig's FerretDB servers are there. The reliability suite runs where the rig may be down
 * (a developer's laptop): then the MongoDB checks skip and say why in one line; under CI they fail
 * (test/support/rig.ts).
 */
import * as fs from 'node:fs';
import * as ports from '../../services/ports';
import { ferretBinary } from '../../integration/support/ferretProcess';
import { portOpen } from '../../integration/support/mongoFixture';

/** Undefined when everything is there; otherwise the reason to print with the skip. */
export async function rigMissing(): Promise<string | undefined> {
  if (!(await portOpen(ports.mongo.port))) return `FerretDB is not listening on ${ports.host}:${ports.mongo.port} (npm run services:up)`;
  if (!(await portOpen(ports.mongoAuth.port))) return `FerretDB with auth is not listening on ${ports.host}:${ports.mongoAuth.port} (npm run services:up)`;
  if (!fs.existsSync(ferretBinary())) return `no FerretDB binary at ${ferretBinary()} (npm run services:up builds it)`;
  return undefined;
}
