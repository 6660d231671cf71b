import { z } from 'zod';
import { HEARTBEAT_LIMITS } from '#shared/sync/heartbeat';
import { KioskIdSchema } from '#shared/sync/protocol';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { addKiosk, requireSpace } from '../admin/admin';
import {
  assertSpace,
  operatorOf,
  spacesFor,
  type ConsoleRoutes,
  type OperatorPrincipal,
} from '../console-api/contract';
import { HttpError } from '../http/errors';
import { parseInput } from '../console-api/input';
import type { HubStore, KioskRow } from '../store/store';
import { readFleet, readKioskHealth } from './fleet-view';
import type { KioskHealth } from './health';
import { reasonKey, reasonValues, stateKey } from './reason-words';

/**
 * The console's fleet (issue 12, decision 0029), under `/console/api`:
 * - `GET /kiosks[?space=ID]` → `{ kiosks: KioskView[] }`: a space manager sees their space's only.
 * - `GET /kiosks/:id[?hours=1..168]` → `{ kiosk, history }`: its heartbeats of the last `hours`
 *   (default 24), newest first.
 * - `POST /kiosks/enrol` `{ spaceId }` → 201 `{ code, spaceId, expiresAt }`: the one-time code to
 *   type at the kiosk, as `kiosk add` prints it (only its hash is stored; the audit entry never
 *   holds it).
 * - `POST /kiosks/:id/revoke` → `{ kiosk }`: its next sync is refused; revoking again changes
 *   nothing and writes no second audit entry.
 * 400 `malformed` for bad input (fields named, never values), 403 `forbidden` for another space's
 * kiosk or space, 404 `not-found` for an unknown kiosk or space.
 */

/** A kiosk as the console shows it: its state, the reasons as message keys and values. */
export interface KioskView {
  readonly kioskId: string;
  readonly spaceId: string;
  readonly state: KioskHealth['state'];
  readonly stateKey: string;
  readonly reasons: readonly {
    readonly code: string;
    readonly key: string;
    readonly values: Record<string, string | number>;
  }[];
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastSeenAt: number | null;
  /** The latest heartbeat's content, with the hub's receipt time and measured clock offset. */
  readonly latest: (Record<string, unknown> & { receivedAt: number; clockOffsetMs: number }) | null;
}

const KioskParams = z.strictObject({ id: KioskIdSchema });
const ListQuery = z.strictObject({ space: RecordIdSchema.optional() });
const HistoryQuery = z.strictObject({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(HEARTBEAT_LIMITS.historyDays * 24)
    .optional(),
});
const EnrolBody = z.strictObject({ spaceId: RecordIdSchema });
/** Heartbeats in a history reply: a week at one per 5 minutes, plus a sync's worth. */
const MAX_HISTORY = 2500;

function view(health: KioskHealth, kiosk: KioskRow): KioskView {
  const latest = health.latest;
  return {
    kioskId: health.kioskId,
    spaceId: health.spaceId,
    state: health.state,
    stateKey: stateKey(health.state),
    reasons: health.reasons.map((r) => ({
      code: r.code,
      key: reasonKey(r),
      values: reasonValues(r),
    })),
    createdAt: kiosk.createdAt,
    revokedAt: kiosk.revokedAt,
    lastSeenAt: health.lastSeenAt,
    latest: latest
      ? { ...latest.heartbeat, receivedAt: latest.receivedAt, clockOffsetMs: latest.clockOffsetMs }
      : null,
  };
}

/** The kiosk `id` if `operator` manages its space: else 404 (unknown) or 403 (another space). */
async function managedKiosk(
  store: HubStore,
  operator: OperatorPrincipal,
  id: string,
): Promise<KioskRow> {
  const kiosk = await store.findKiosk(id);
  if (kiosk === undefined) throw new HttpError(404, 'not-found', `No kiosk ${id} on this hub.`);
  assertSpace(operator, kiosk.spaceId);
  return kiosk;
}

async function kioskView(store: HubStore, kiosk: KioskRow, now: number): Promise<KioskView> {
  const health = await readKioskHealth(store, kiosk, now);
  if (health === undefined) throw new HttpError(404, 'not-found', `No kiosk ${kiosk.kioskId}.`);
  return view(health, kiosk);
}

/** The fleet's console routes (see the header above). */
export const fleetRoutes: ConsoleRoutes = (scope, { store, clock, audit }) => {
  scope.get('/kiosks', async (request) => {
    const operator = operatorOf(request);
    const { space } = parseInput(ListQuery, request.query ?? {}, 'query');
    const spaces = spacesFor(operator, space === undefined ? undefined : [space]);
    const [kiosks, fleet] = await Promise.all([
      store.listKiosks(),
      readFleet(store, clock(), spaces),
    ]);
    const byId = new Map(kiosks.map((k) => [k.kioskId, k]));
    return {
      kiosks: fleet.flatMap((h) => {
        const k = byId.get(h.kioskId);
        return k ? [view(h, k)] : [];
      }),
    };
  });

  scope.get('/kiosks/:id', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(KioskParams, request.params ?? {}, 'path');
    const { hours = 24 } = parseInput(HistoryQuery, request.query ?? {}, 'query');
    const kiosk = await managedKiosk(store, operator, id);
    const now = clock();
    const history = await store.fleet.history(id, now - hours * 3600_000, MAX_HISTORY);
    return {
      kiosk: await kioskView(store, kiosk, now),
      history: history.map((h) => ({
        ...h.heartbeat,
        receivedAt: h.receivedAt,
        clockOffsetMs: h.clockOffsetMs,
      })),
    };
  });

  scope.post('/kiosks/enrol', async (request, reply) => {
    const operator = operatorOf(request);
    const { spaceId } = parseInput(EnrolBody, request.body ?? {}, 'body');
    assertSpace(operator, spaceId);
    const known = await requireSpace(store, spaceId);
    if (!known.ok) throw new HttpError(404, 'not-found', known.error.message);
    const { code, expiresAt } = await addKiosk(store, spaceId, clock());
    await audit.record({
      actor: operator.operatorId,
      action: 'kiosk.enrol',
      target: `space:${spaceId}`,
      after: { expiresAt },
    });
    return reply.status(201).send({ code, spaceId, expiresAt });
  });

  scope.post('/kiosks/:id/revoke', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(KioskParams, request.params ?? {}, 'path');
    const kiosk = await managedKiosk(store, operator, id);
    const now = clock();
    if (kiosk.revokedAt === null) {
      await store.revokeKiosk(id, now);
      await audit.record({
        actor: operator.operatorId,
        action: 'kiosk.revoke',
        target: `kiosk:${id}`,
        before: { revokedAt: null },
        after: { revokedAt: now },
      });
    }
    const revoked = await managedKiosk(store, operator, id);
    return { kiosk: await kioskView(store, revoked, now) };
  });
};
