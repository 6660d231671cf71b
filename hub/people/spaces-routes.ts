import { z } from 'zod';
import { LANGS, type Space } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { SpaceSchema } from '#shared/sync/protocol-records';
import {
  assertNetwork,
  assertSpace,
  operatorOf,
  spacesFor,
  type ConsoleRoutes,
} from '../console-api/contract';
import { HttpError } from '../http/errors';
import { putAsHub } from './hub-put';
import { IdParams, liveRecord, parseInput } from './input';

/**
 * Spaces in the console (issue 12, point 5): the list every console page picks spaces from, a
 * space's settings (time zone, languages, retention, closing time, opening hours), and a new
 * space (network operators only). A space manager reads and changes their own space only.
 * Changes are the hub's own writes (kiosks pull them) and audited with before and after.
 */

/** Whether `zone` is an IANA time zone name this hub (and so the kiosks' ICU) knows. */
export function isTimeZone(zone: string): boolean {
  // Offsets such as "+01:00" are valid to Intl but are no place: a space follows its zone's rules.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TimeZone = z.string().max(64).refine(isTimeZone, 'an IANA time zone, e.g. Europe/Brussels');
const Fields = SpaceSchema.shape;

const PatchBody = z
  .strictObject({
    timezone: TimeZone.optional(),
    languages: z.array(z.enum(LANGS)).min(1).max(3).optional(),
    retentionDays: Fields.retentionDays.unwrap().nullable().optional(),
    closingTime: Fields.closingTime.unwrap().nullable().optional(),
    openingHours: Fields.openingHours.unwrap().nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

const NewSpace = SpaceSchema.extend({ timezone: TimeZone });

/** A space as the console lists it: every setting named, `null` when the space states none. */
export interface SpaceView {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly timezone: string;
  readonly languages: readonly string[];
  readonly retentionDays: number | null;
  readonly closingTime: string | null;
  readonly openingHours: Space['openingHours'] | null;
}

/** `space` with its absent settings as null. */
export function spaceView(space: Space): SpaceView {
  return {
    id: space.id,
    name: space.name,
    city: space.city,
    country: space.country,
    timezone: space.timezone,
    languages: space.languages,
    retentionDays: space.retentionDays ?? null,
    closingTime: space.closingTime ?? null,
    openingHours: space.openingHours ?? null,
  };
}

/** The settings `patch` names, as they are in `space` (the audit's before). */
function settingsOf(space: Space, names: readonly string[]): Record<string, unknown> {
  const view = spaceView(space) as unknown as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, view[n] ?? null]));
}

/** The spaces routes: `GET /spaces`, `POST /spaces`, `PATCH /spaces/:id`. */
export const spacesRoutes: ConsoleRoutes = (scope, deps) => {
  scope.get('/spaces', async (request) => {
    const visible = spacesFor(operatorOf(request), undefined);
    const rows = await deps.store.people.liveRows('spaces');
    const spaces = rows.flatMap((r) => {
      const s = materialize('spaces', r.state) as Space | undefined;
      return s && (visible === undefined || visible.includes(s.id)) ? [spaceView(s)] : [];
    });
    return { spaces };
  });

  scope.post('/spaces', async (request, reply) => {
    const operator = operatorOf(request);
    assertNetwork(operator);
    const space = parseInput(NewSpace, request.body, 'body');
    if (await deps.store.readRecord('spaces', space.id)) {
      throw new HttpError(409, 'space-exists', `The hub already has a space ${space.id}.`);
    }
    await putAsHub(deps.store, 'spaces', space, deps.clock());
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'space.add',
      target: `space:${space.id}`,
      after: space,
    });
    return reply.status(201).send({ space: spaceView(space) });
  });

  scope.patch('/spaces/:id', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const patch = parseInput(PatchBody, request.body, 'body');
    assertSpace(operator, id);
    const { record: before } = await liveRecord(deps.store, 'spaces', id);
    await putAsHub(deps.store, 'spaces', { id, ...patch }, deps.clock());
    const { record: after } = await liveRecord(deps.store, 'spaces', id);
    const names = Object.keys(patch);
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'space.update',
      target: `space:${id}`,
      before: settingsOf(before, names),
      after: settingsOf(after, names),
    });
    return { space: spaceView(after) };
  });
};
