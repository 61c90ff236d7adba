import type { FieldMapping } from './fieldMapping';

export interface MongoTlsOptions {
  enabled: boolean;
  caFile?: string;
  allowInvalidCertificates?: boolean;
}

/** Everything a MongoDB event store connection needs; the password travels apart from the profile. */
export interface MongoStoreOptions {
  /** Without the password (see connectionString.ts). */
  connectionString: string;
  password?: string;
  database: string;
  eventsCollection: string;
  snapshotsCollection: string;
  mapping: FieldMapping;
  tls?: MongoTlsOptions;
  /** Bound on connecting and on each server round trip. */
  timeoutMs?: number;
}

export const DEFAULT_MONGO_TIMEOUT_MS = 10_000;
