import type { Generated } from 'kysely';

/**
 * The console's tables (schema.ts assembles them into `HubDatabase`): operators, their sessions,
 * failed logins and the audit log.
 */

/** Console operators (decision 0026); `email` is stored lower-cased, unique. */
export interface OperatorsTable {
  id: string;
  email: string;
  /** `network` or `space`. */
  role: string;
  /** The managed space of a `space` operator; null for a network operator. */
  space_id: string | null;
  /** Argon2id, in its PHC string form. */
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  last_login_at: number | null;
}

/** Console sessions, keyed by the SHA-256 of the cookie value (the value itself is never kept). */
export interface OperatorSessionsTable {
  id_hash: string;
  operator_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

/** Failed logins per `account:<email>` or `address:<ip>`, and the backoff they earned. */
export interface LoginFailuresTable {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

/** Every change made through the console or the CLI; `before`/`after` are JSON or null. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}
