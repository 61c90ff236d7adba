// Where the test rig's servers listen (see README.md beside this file); services.sh uses the same numbers.
// The ports are unusual on purpose, so that the rig never meets a developer's own Kafka, RabbitMQ or MongoDB.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const host = '127.0.0.1';

/**
 * The single Kafka node every test shares: PLAINTEXT, SASL_PLAINTEXT (SCRAM-SHA-256, SCRAM-SHA-512 and
 * PLAIN for `efx` / `efx-secret`) and SSL (a broker certificate for IP:127.0.0.1 signed by `kafkaCaFile`).
 */
export const kafka = {
  port: 39092,
  controllerPort: 39093,
  saslPort: 39094,
  sslPort: 39095,
  brokers: [`${host}:39092`],
  saslBrokers: [`${host}:39094`],
  sslBrokers: [`${host}:39095`],
  username: 'efx',
  password: 'efx-secret',
} as const;

/**
 * Three combined KRaft nodes (replication 3, min ISR 2), PLAINTEXT only. Only the Kafka fault tests use
 * it: they kill and restart its nodes (services.sh `up kafka-cluster` restarts whichever is down).
 */
export const kafkaCluster = {
  ports: [29101, 29102, 29103],
  controllerPorts: [29111, 29112, 29113],
  brokers: [`${host}:29101`, `${host}:29102`, `${host}:29103`],
} as const;

/**
 * The shared RabbitMQ node: AMQP, AMQPS (a broker certificate for IP:127.0.0.1 signed by
 * `rabbitmqTls.caFile`; the listener requires a client certificate signed by the same CA) and management.
 */
export const rabbitmq = {
  port: 35672,
  tlsPort: 35675,
  managementPort: 35673,
  distributionPort: 35674,
  epmdPort: 34369,
  username: 'guest',
  password: 'guest',
  url: `amqp://guest:guest@${host}:35672`,
  tlsUrl: `amqps://${host}:35675/`,
  managementUrl: `http://${host}:35673`,
} as const;

/** FerretDB on SQLite without authentication: the MongoDB event store tests. */
export const mongo = {
  port: 37017,
  url: `mongodb://${host}:37017/?directConnection=true`,
} as const;

/** A second FerretDB with SCRAM users and a TLS listener: the wrong-credentials and TLS tests. */
export const mongoAuth = {
  port: 37027,
  tlsPort: 37028,
  username: 'efx',
  password: 'efx-secret',
  authSource: 'admin',
} as const;

/**
 * Apicurio Registry 2.4.2 in memory (services.sh `schema-registry`): the Confluent schema-registry API
 * under `/apis/ccompat/v7`, what the Kafka decoding tests register and resolve schemas with.
 */
export const schemaRegistry = {
  port: 38081,
  url: `http://${host}:38081/apis/ccompat/v7`,
} as const;

/** The repository root: the folder above this file's that holds the project's package.json. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'test', 'services', 'services.sh'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no repository root above ${__dirname}`);
    }
    dir = parent;
  }
}

/** Where services.sh keeps data, logs and pid files. */
export const servicesDir = process.env.EFX_SERVICES_DIR ?? path.join(repoRoot(), '.services');

/** The CA that signed the Kafka node's TLS certificate (made by openssl on its first start). */
export const kafkaCaFile = path.join(servicesDir, 'kafka', 'tls', 'ca.pem');

/** The pid file of one node (1 to 3) of the Kafka cluster, for the tests that kill it. */
export function kafkaClusterPidFile(node: number): string {
  return path.join(servicesDir, 'kafka-cluster', `node${node}.pid`);
}

/** The self-signed certificate of the TLS listener, which is also its own CA file. */
export const mongoAuthCaFile = path.join(servicesDir, 'ferretdb-auth', 'tls', 'cert.pem');

/** The RabbitMQ AMQPS listener's CA and the client certificate it accepts (made by openssl on first start). */
export const rabbitmqTls = {
  caFile: path.join(servicesDir, 'rabbitmq', 'tls', 'ca.pem'),
  clientCertFile: path.join(servicesDir, 'rabbitmq', 'tls', 'client.pem'),
  clientKeyFile: path.join(servicesDir, 'rabbitmq', 'tls', 'client.key'),
} as const;
