import type { Admin, Kafka, KafkaConfig, SASLOptions } from 'kafkajs';
import { withDeadline } from './deadline';
import { loadKafkaDriver } from './driver';
import { TopicDecoders } from './decoding/topicDecoders';
import { classifyKafkaError } from './kafkaErrors';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  kafkaLabel,
  secretsOf,
  type KafkaConnectionOptions,
} from './options';

/** The driver's client and admin for one cluster, with the guard every call goes through. */
export interface KafkaContext {
  kafka: Kafka;
  admin: Admin;
  label: string;
  options: KafkaConnectionOptions;
  /** The connection's schemas (workspace files, registry) with their caches; none when it has none. */
  decoders?: TopicDecoders;
  /** Runs one operation under the signal and a timeout (the options' unless given); any failure comes out classified and masked. */
  guard<T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>, timeoutMs?: number, onAbandon?: () => void): Promise<T>;
}

export function guardFor(label: string, options: KafkaConnectionOptions) {
  const secrets = secretsOf(options);
  return async <T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>, timeoutMs?: number, onAbandon?: () => void): Promise<T> => {
    try {
      return await withDeadline(what, timeoutMs ?? options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS, signal, work, onAbandon);
    } catch (error) {
      throw classifyKafkaError(error, label, secrets);
    }
  };
}

/** Connects the admin client (which checks the listener, TLS and SASL) and asks for the cluster once. */
export async function openKafka(options: KafkaConnectionOptions, signal?: AbortSignal): Promise<KafkaContext> {
  const label = kafkaLabel(options);
  const guard = guardFor(label, options);
  const driver = await loadKafkaDriver();
  const kafka = new driver.Kafka(kafkaConfig(options, driver.logLevel.NOTHING));
  const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 } });
  await guard(
    `Connecting to ${label}`,
    signal,
    async () => {
      await admin.connect();
      await admin.describeCluster();
    },
    options.operationTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS + DEFAULT_REQUEST_TIMEOUT_MS,
    () => void admin.disconnect().catch(() => undefined),
  ).catch(async (error: unknown) => {
    await admin.disconnect().catch(() => undefined);
    throw error;
  });
  let renewing: Promise<void> | undefined;
  const context: KafkaContext = {
    kafka,
    admin,
    label,
    options,
    ...(options.decoding ? { decoders: new TopicDecoders(options.decoding) } : {}),
    guard: async (what, signal, work, timeoutMs, onAbandon) => {
      try {
        return await guard(what, signal, work, timeoutMs, onAbandon);
      } catch (error) {
        if (!(error instanceof Error) || !FORGOTTEN_TOPIC.test(error.message)) throw error;
        // kafkajs asks for the metadata of every topic its admin ever described, so once anyone deletes one
        // of them, every later call fails with UNKNOWN_TOPIC_OR_PARTITION. A fresh admin knows none of them;
        // a call about a topic that is really gone fails again, and says so.
        renewing ??= renewAdmin(context, guard, signal).finally(() => (renewing = undefined));
        await renewing;
        return guard(what, signal, work, timeoutMs, onAbandon);
      }
    },
  };
  return context;
}

const FORGOTTEN_TOPIC = /\[UNKNOWN_TOPIC_OR_PARTITION\]/;

async function renewAdmin(context: KafkaContext, guard: ReturnType<typeof guardFor>, signal: AbortSignal | undefined): Promise<void> {
  const stale = context.admin;
  const fresh = context.kafka.admin({ retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 } });
  await guard(`Reconnecting to ${context.label}`, signal, () => fresh.connect(), undefined, () => void fresh.disconnect().catch(() => undefined));
  context.admin = fresh;
  void stale.disconnect().catch(() => undefined);
}

export function kafkaConfig(options: KafkaConnectionOptions, logLevel: number): KafkaConfig {
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'event-flow-explorer',
    brokers: options.bootstrapServers.map((s) => s.trim()),
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // kafkajs would log to the console, and a log line is no place for broker details; failures reach the caller classified.
    logLevel,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 3000 },
  };
  if (options.ssl) {
    const { ca, cert, key, passphrase, rejectUnauthorized } = options.ssl;
    config.ssl = {
      ...(ca === undefined ? {} : { ca: [ca] }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
      ...(passphrase === undefined ? {} : { passphrase }),
      rejectUnauthorized: rejectUnauthorized ?? true,
    };
  }
  if (options.sasl) config.sasl = saslOptions(options.sasl);
  return config;
}

function saslOptions(sasl: NonNullable<KafkaConnectionOptions['sasl']>): SASLOptions {
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: sasl.username, password: sasl.password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password };
  }
}
