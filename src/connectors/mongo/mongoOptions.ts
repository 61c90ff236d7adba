import type { IdentityRules } from '../../core/identity';
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
  /** Where correlation, causation and trace ids are read from in the metadata field (the connection's override). */
  identity?: IdentityRules;
}

export const DEFAULT_MONGO_TIMEOUT_MS = 10_000;
