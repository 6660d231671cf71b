import { z } from 'zod';
import { LANGS, type Member } from '#shared/domain/types';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import {
  assertSpace,
  operatorOf,
  spacesFor,
  type ConsoleDeps,
  type ConsoleRoutes,
} from '../console-api/contract';
import { HttpError } from '../http/errors';
import { putAsHub } from './hub-put';
import { IdParams, liveRecord, parseInput } from './input';
import { MEMBERS_PAGE, searchMembers } from './member-search';
import { materialize } from '#shared/sync/protocol-merge';

/**
 * Members in the console (issue 12, point 5): search, read, edit, deactivate. A space manager
 * reads and changes the members of their space only (403 otherwise, a search naming another
 * space included). Every change is the hub's own write (putAsHub: merge, change log, kiosks get
 * it at their next sync) and one audit entry naming the member's id and the fields changed,
 * never their values (a name is personal data).
 */

const ListQuery = z.strictObject({
  q: z.string().max(200).optional(),
  space: RecordIdSchema.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, 'a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const PatchBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    homeSpaceId: RecordIdSchema.optional(),
    preferredLang: z.enum(LANGS).nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

/** A member as the console shows it: without the card-key index. */
export type MemberView = Omit<Member, 'cardKeys'>;

/** `member` without its card-key index. */
export function memberView(member: Member): MemberView {
  return {
    id: member.id,
    displayName: member.displayName,
    homeSpaceId: member.homeSpaceId,
    cardIds: member.cardIds,
    ...(member.preferredLang ? { preferredLang: member.preferredLang } : {}),
    isActive: member.isActive,
    updatedAt: member.updatedAt,
  };
}

/** The live member `id`, after checking the operator manages its home space (else 403). */
export async function managedMember(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
  id: string,
): Promise<Member> {
  const { record } = await liveRecord(deps.store, 'members', id);
  assertSpace(operator, record.homeSpaceId);
  return record;
}

/**
 * Writes `change` to member `id` (after the space checks), audits it as `action`, and answers
 * the member as it now is. Throws 409 (a card another member holds), 404, 403.
 */
export async function changeMember(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
  id: string,
  change: Partial<Omit<Member, 'id' | 'preferredLang'>> & {
    preferredLang?: Member['preferredLang'] | null;
  },
  action: string,
): Promise<{ member: MemberView }> {
  const now = deps.clock();
  const patch = { id, ...change, updatedAt: now };
  await putAsHub(deps.store, 'members', patch, now);
  await deps.audit.record({
    actor: operator.operatorId,
    action,
    target: `member:${id}`,
    after: { fields: Object.keys(change).filter((f) => f !== 'cardKeys') },
  });
  const { record } = await liveRecord(deps.store, 'members', id);
  return { member: memberView(record) };
}

/** The members routes: `GET /members`, `GET|PATCH /members/:id`, `POST /members/:id/deactivate`. */
export const membersRoutes: ConsoleRoutes = (scope, deps) => {
  scope.get('/members', async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const spaces = spacesFor(operatorOf(request), query.space ? [query.space] : undefined);
    const rows = spaces
      ? (await Promise.all(spaces.map((s) => deps.store.people.liveRows('members', s)))).flat()
      : await deps.store.people.liveRows('members');
    const members = rows.flatMap((r) => {
      const m = materialize('members', r.state) as Member | undefined;
      return m ? [m] : [];
    });
    const page = searchMembers(
      members,
      query.q ?? '',
      Number(query.cursor ?? 0),
      query.limit ?? MEMBERS_PAGE,
    );
    return { members: page.members.map(memberView), next: page.next };
  });

  scope.get('/members/:id', async (request) => {
    const { id } = parseInput(IdParams, request.params, 'path');
    return { member: memberView(await managedMember(deps, operatorOf(request), id)) };
  });

  scope.patch('/members/:id', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const body = parseInput(PatchBody, request.body, 'body');
    await managedMember(deps, operator, id);
    if (body.homeSpaceId !== undefined) {
      assertSpace(operator, body.homeSpaceId);
      const space = await deps.store.readRecord('spaces', body.homeSpaceId);
      if (!space || materialize('spaces', space.state) === undefined) {
        throw new HttpError(400, 'space-unknown', `No space ${body.homeSpaceId} on this hub.`);
      }
    }
    return changeMember(deps, operator, id, body, 'member.update');
  });

  scope.post('/members/:id/deactivate', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    await managedMember(deps, operator, id);
    return changeMember(deps, operator, id, { isActive: false }, 'member.deactivate');
  });
};
