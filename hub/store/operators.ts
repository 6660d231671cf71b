import type { Kysely, Selectable } from 'kysely';
import type { SqlEngine } from './engine';
import type { OperatorRole, OperatorRow, OperatorStore, SessionRow } from './operator-rows';
import type { HubDatabase } from './schema';
import type { OperatorsTable } from './schema-operators';

function toOperator(r: Selectable<OperatorsTable>): OperatorRow {
  return {
    id: r.id,
    email: r.email,
    role: r.role as OperatorRole,
    spaceId: r.space_id,
    passwordHash: r.password_hash,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const stored = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

async function enabledNetworkOperators(db: Kysely<HubDatabase>): Promise<number> {
  const row = await db
    .selectFrom('operators')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'network')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The operator tables over `engine`, for both databases (see operator-rows.ts). */
export function operatorStore(engine: SqlEngine): OperatorStore {
  const { reader } = engine;
  const byId = (db: Kysely<HubDatabase>, id: string) =>
    db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return {
    addOperator: (operator) =>
      engine.update(async (db) => {
        const added = await db
          .insertInto('operators')
          .values({
            id: operator.id,
            email: operator.email.toLowerCase(),
            role: operator.role,
            space_id: operator.spaceId,
            password_hash: operator.passwordHash,
            created_at: operator.createdAt,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        return added !== undefined;
      }),
    async findOperator(id) {
      const r = await byId(reader, id);
      return r ? toOperator(r) : undefined;
    },
    async findOperatorByEmail(email) {
      const r = await reader
        .selectFrom('operators')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      return r ? toOperator(r) : undefined;
    },
    async listOperators() {
      return (await reader.selectFrom('operators').selectAll().orderBy('email').execute()).map(
        toOperator,
      );
    },
    // engine.write: serialised with every other write on both databases, so two network
    // operators disabling each other at once cannot both pass the count.
    updateOperator: (id, change) =>
      engine.write(async (db) => {
        const row = await byId(db, id);
        if (!row) return { outcome: 'unknown' } as const;
        const before = toOperator(row);
        const after: OperatorRow = {
          ...before,
          ...(change.role === undefined ? {} : { role: change.role }),
          ...(change.spaceId === undefined ? {} : { spaceId: change.spaceId }),
          ...(change.disabledAt === undefined ? {} : { disabledAt: change.disabledAt }),
        };
        const wasNetwork = before.role === 'network' && before.disabledAt === null;
        const isNetwork = after.role === 'network' && after.disabledAt === null;
        if (wasNetwork && !isNetwork && (await enabledNetworkOperators(db)) <= 1) {
          return { outcome: 'last-network-operator' } as const;
        }
        await db
          .updateTable('operators')
          .set({ role: after.role, space_id: after.spaceId, disabled_at: after.disabledAt })
          .where('id', '=', id)
          .execute();
        if (after.disabledAt !== null) {
          await db.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
        }
        return { outcome: 'updated', before, after } as const;
      }),
    setPasswordHash: (id, hash, keepSession) =>
      engine.update(async (db) => {
        const res = await db
          .updateTable('operators')
          .set({ password_hash: hash })
          .where('id', '=', id)
          .executeTakeFirst();
        let ended = db.deleteFrom('operator_sessions').where('operator_id', '=', id);
        if (keepSession !== undefined) ended = ended.where('id_hash', '<>', keepSession);
        await ended.execute();
        return res.numUpdatedRows > 0n;
      }),
    async recordLogin(id, at) {
      await engine.update((db) =>
        db.updateTable('operators').set({ last_login_at: at }).where('id', '=', id).execute(),
      );
    },

    async createSession({ idHash, operatorId, csrfToken, at }) {
      await engine.update((db) =>
        db
          .insertInto('operator_sessions')
          .values({
            id_hash: idHash,
            operator_id: operatorId,
            csrf_token: csrfToken,
            created_at: at,
            last_seen_at: at,
          })
          .execute(),
      );
    },
    async findSession(idHash) {
      const r = await reader
        .selectFrom('operator_sessions as s')
        .innerJoin('operators as o', 'o.id', 's.operator_id')
        .selectAll('o')
        .select(['s.id_hash', 's.csrf_token', 's.created_at as s_created_at', 's.last_seen_at'])
        .where('s.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!r) return undefined;
      const session: SessionRow = {
        idHash: r.id_hash,
        csrfToken: r.csrf_token,
        createdAt: r.s_created_at,
        lastSeenAt: r.last_seen_at,
        operator: toOperator(r),
      };
      return session;
    },
    async touchSession(idHash, at) {
      await engine.update((db) =>
        db
          .updateTable('operator_sessions')
          .set({ last_seen_at: at })
          .where('id_hash', '=', idHash)
          .execute(),
      );
    },
    async deleteSession(idHash) {
      await engine.update((db) =>
        db.deleteFrom('operator_sessions').where('id_hash', '=', idHash).execute(),
      );
    },
    async deleteSessionsOf(operatorId, except) {
      await engine.update((db) => {
        let q = db.deleteFrom('operator_sessions').where('operator_id', '=', operatorId);
        if (except !== undefined) q = q.where('id_hash', '<>', except);
        return q.execute();
      });
    },
    async deleteExpiredSessions(idleBefore, createdBefore) {
      await engine.update((db) =>
        db
          .deleteFrom('operator_sessions')
          .where((eb) =>
            eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]),
          )
          .execute(),
      );
    },

    async blockedUntil(keys) {
      if (keys.length === 0) return 0;
      const row = await reader
        .selectFrom('login_failures')
        .select((eb) => eb.fn.max('blocked_until').as('until'))
        .where('key', 'in', keys)
        .executeTakeFirst();
      return row?.until ?? 0;
    },
    recordFailure: (keys, at, { backoff, forgetBefore }) =>
      engine.update(async (db) => {
        for (const key of keys) {
          const row = await db
            .selectFrom('login_failures')
            .select(['failures', 'last_failure_at'])
            .where('key', '=', key)
            .executeTakeFirst();
          const kept = row && row.last_failure_at >= forgetBefore ? row.failures : 0;
          const failures = kept + 1;
          const values = { failures, last_failure_at: at, blocked_until: at + backoff(failures) };
          await db
            .insertInto('login_failures')
            .values({ key, ...values })
            .onConflict((oc) => oc.column('key').doUpdateSet(values))
            .execute();
        }
      }),
    async clearFailures(key) {
      await engine.update((db) => db.deleteFrom('login_failures').where('key', '=', key).execute());
    },

    async appendAudit(entry) {
      await engine.update((db) =>
        db
          .insertInto('audit_log')
          .values({
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            before: stored(entry.before),
            after: stored(entry.after),
          })
          .execute(),
      );
    },
    async auditPage(before, limit) {
      let q = reader
        .selectFrom('audit_log as a')
        .leftJoin('operators as o', 'o.id', 'a.actor')
        .selectAll('a')
        .select('o.email as actor_email')
        .orderBy('a.seq', 'desc')
        .limit(limit);
      if (before !== undefined) q = q.where('a.seq', '<', before);
      return (await q.execute()).map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        actorEmail: r.actor_email,
        action: r.action,
        target: r.target,
        before: parsed(r.before),
        after: parsed(r.after),
      }));
    },
  };
}
