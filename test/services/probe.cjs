// @ts-check
// Readiness probes for the test servers, used by services.sh.
// A plain CommonJS file on purpose: services.sh must work before (and without) compiling TypeScript.
//
//   node probe.cjs NAME... (kafka, kafka-cluster, rabbitmq, ferretdb, ferretdb-auth, schema-registry)
//   node probe.cjs NAME --wait SECONDS [--pid PID] [--log FILE]
//
// Without --wait it tries each name once, side by side, prints the names that answered (one a line)
// and exits 0 only if all did: one node start for all servers keeps `up` fast when all is up.
// With --wait it retries one server until ready, until the deadline, or until the process named by
// --pid dies, and then says where the log is.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const ports = {
  kafka: 39092,
  kafkaSasl: 39094,
  kafkaSsl: 39095,
  kafkaCluster: [29101, 29102, 29103],
  rabbitmqManagement: 35673,
  ferretdb: 37017,
  ferretdbAuth: 37027,
  schemaRegistry: 38081,
};

/**
 * @param {number} port
 * @param {Record<string, unknown>} [extra] kafkajs options (ssl, sasl)
 * @returns {Promise<number>} how many brokers the cluster reports
 */
async function kafka(port, extra = {}) {
  const { Kafka, logLevel } = require('kafkajs');
  const client = new Kafka({
    clientId: 'efx-probe',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
    ...extra,
  });
  const admin = client.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect();
  }
}

/** The single node answers on all three listeners: plain, SASL (the SCRAM user exists) and TLS (the CA made on start). */
async function kafkaAllListeners() {
  const servicesDir = process.env.EFX_SERVICES_DIR ?? path.join(__dirname, '..', '..', '.services');
  const ca = fs.readFileSync(path.join(servicesDir, 'kafka', 'tls', 'ca.pem'), 'utf8');
  await kafka(ports.kafka);
  await kafka(ports.kafkaSasl, { sasl: { mechanism: 'scram-sha-256', username: 'efx', password: 'efx-secret' } });
  await kafka(ports.kafkaSsl, { ssl: { ca: [ca] } });
}

/** Each node of the cluster answers and sees all three. */
async function kafkaCluster() {
  const counts = await Promise.all(ports.kafkaCluster.map((port) => kafka(port)));
  if (counts.some((n) => n !== 3)) throw new Error(`the cluster's nodes see ${counts.join(', ')} brokers, not 3 each`);
}

/** @param {number} port */
function rabbitmq(port) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/overview', auth: 'guest:guest', timeout: 2000 },
      (res) => {
        res.resume();
        if (res.statusCode === 200) resolve(undefined);
        else reject(new Error(`management API answered ${res.statusCode}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('management API timed out')));
    req.on('error', reject);
  });
}

/** The registry's Confluent-compatible API lists its subjects. @param {number} port */
function schemaRegistry(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/apis/ccompat/v7/subjects', timeout: 2000 }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve(undefined);
      else reject(new Error(`the registry answered ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('the registry timed out')));
    req.on('error', reject);
  });
}

/** @param {number} port @param {boolean} auth */
async function ferretdb(port, auth) {
  const { MongoClient } = require('mongodb');
  const credentials = auth ? 'efx:efx-secret@' : '';
  const client = new MongoClient(`mongodb://${credentials}127.0.0.1:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** @type {Record<string, () => Promise<unknown>>} */
const probes = {
  kafka: kafkaAllListeners,
  'kafka-cluster': kafkaCluster,
  rabbitmq: () => rabbitmq(ports.rabbitmqManagement),
  ferretdb: () => ferretdb(ports.ferretdb, false),
  'ferretdb-auth': () => ferretdb(ports.ferretdbAuth, true),
  'schema-registry': () => schemaRegistry(ports.schemaRegistry),
};

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @param {string[]} args @param {string} name */
function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** @param {string} file */
function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log yet)';
  }
}

/** @param {string[]} names */
async function probeOnce(names) {
  const results = await Promise.allSettled(names.map((name) => probes[name]()));
  names.forEach((name, i) => {
    if (results[i].status === 'fulfilled') console.log(name);
  });
  return results.every((r) => r.status === 'fulfilled') ? 0 : 1;
}

/** @param {string} name @param {number} waitSeconds @param {number} pid @param {string | undefined} log */
async function waitFor(name, waitSeconds, pid, log) {
  const probe = probes[name];
  const deadline = Date.now() + waitSeconds * 1000;
  let lastError = '';
  for (;;) {
    try {
      await probe();
      return 0;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (pid && !alive(pid)) {
      console.error(`${name}: the server (pid ${pid}) exited before it was ready.${log ? ` Log: ${log}\n${tail(log)}` : ''}`);
      return 1;
    }
    if (Date.now() >= deadline) {
      console.error(`${name}: not ready after ${waitSeconds} s (last error: ${lastError}).${log ? ` Log: ${log}\n${tail(log)}` : ''}`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const args = process.argv.slice(2);
  const wait = option(args, '--wait');
  const names = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  if (names.length === 0 || names.some((n) => !probes[n]) || (wait !== undefined && names.length !== 1)) {
    console.error(`usage: node ${path.basename(__filename)} NAME... | NAME --wait S [--pid P] [--log F]; names: ${Object.keys(probes).join(', ')}`);
    return 2;
  }
  if (wait === undefined) return probeOnce(names);
  return waitFor(names[0], Number(wait), Number(option(args, '--pid') ?? '0'), option(args, '--log'));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
