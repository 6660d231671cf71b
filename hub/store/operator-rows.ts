/**
 * The console operators' part of the hub store (`HubStore.operators`, decision 0026): accounts,
 * sessions (by the hash of their cookie value), login failures for throttling, and the audit log.
 * Each method is one statement or one transaction and rejects on database errors, having
 * changed nothing.
 */

/** A network operator sees and manages everything; a space manager, one space. */
export type OperatorRole = 'network' | 'space';

/** An operator account. `email` is lower-case (the store's key for it). */
export interface OperatorRow {
  readonly id: string;
  readonly email: string;
  readonly role: OperatorRole;
  readonly spaceId: string | null;
  /** Argon2id PHC string. */
  readonly passwordHash: string;
  readonly disabledAt: number | null;
  readonly createdAt: number;
  readonly lastLoginAt: number | null;
}

/** A new account; `email` is lower-cased by the store. */
export type NewOperator = Omit<OperatorRow, 'disabledAt' | 'lastLoginAt'>;

/** A change to an account (fields left out are kept); `disabledAt` null enables it again. */
export interface OperatorChange {
  readonly role?: OperatorRole;
  readonly spaceId?: string | null;
  readonly disabledAt?: number | null;
}

/** What updateOperator did. */
export type OperatorUpdate =
  | { readonly outcome: 'updated'; readonly before: OperatorRow; readonly after: OperatorRow }
  | { readonly outcome: 'unknown' | 'last-network-operator' };

/** A session row and the account it belongs to (whatever that account's state). */
export interface SessionRow {
  readonly idHash: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly operator: OperatorRow;
}

/** An audit entry as stored: numbered, timed, with the actor's email when it is an operator. */
export interface StoredAuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  /** The operator's email when `actor` is an operator id still known; else null (`cli`). */
  readonly actorEmail: string | null;
  readonly action: string;
  readonly target: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface OperatorStore {
  /** False (nothing written) when the email (any case) is taken. */
  addOperator(operator: NewOperator): Promise<boolean>;
  findOperator(id: string): Promise<OperatorRow | undefined>;
  /** By email, in any case. */
  findOperatorByEmail(email: string): Promise<OperatorRow | undefined>;
  /** Every account, by email. */
  listOperators(): Promise<OperatorRow[]>;
  /**
   * Applies `change` in one serialised transaction. Refuses (`last-network-operator`, nothing
   * written) when it would leave no enabled network operator. Disabling ends every session of
   * the account in the same transaction.
   */
  updateOperator(id: string, change: OperatorChange): Promise<OperatorUpdate>;
  /**
   * Stores a new password hash and ends the account's sessions, but the one whose hash is
   * `keepSession` (the caller's own, when changing one's password). False when no such account.
   */
  setPasswordHash(id: string, hash: string, keepSession?: string): Promise<boolean>;
  recordLogin(id: string, at: number): Promise<void>;

  createSession(session: {
    idHash: string;
    operatorId: string;
    csrfToken: string;
    at: number;
  }): Promise<void>;
  findSession(idHash: string): Promise<SessionRow | undefined>;
  touchSession(idHash: string, at: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of the operator (but `except`, a session id hash). */
  deleteSessionsOf(operatorId: string, except?: string): Promise<void>;
  /** Forgets sessions idle since before `idleBefore` or made before `createdBefore`. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<void>;

  /** The latest `blocked_until` among `keys` (0 when none is blocked or known). */
  blockedUntil(keys: readonly string[]): Promise<number>;
  /**
   * Counts one failure for each of `keys` at `at` and sets its block to `at + backoff(n)`, n
   * being the key's failure count after this one; a count whose last failure came before
   * `forgetBefore` starts again from 0.
   */
  recordFailure(
    keys: readonly string[],
    at: number,
    policy: { readonly backoff: (n: number) => number; readonly forgetBefore: number },
  ): Promise<void>;
  clearFailures(key: string): Promise<void>;

  appendAudit(entry: {
    at: number;
    actor: string;
    action: string;
    target: string;
    before?: unknown;
    after?: unknown;
  }): Promise<void>;
  /** Up to `limit` entries with seq below `before` (undefined: the newest), newest first. */
  auditPage(before: number | undefined, limit: number): Promise<StoredAuditEntry[]>;
}
