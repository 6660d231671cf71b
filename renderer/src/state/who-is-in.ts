import type { Space } from '#shared/domain/types';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import { openVisitsAt } from '../lib/db/queries';
import type { KioskDb } from '../lib/db/kiosk-db';

/** One line of the host's "who is in now" list. */
export interface PresenceRow {
  visitId: string;
  /** Display name, or null when the person record is missing locally or was erased. */
  name: string | null;
  isVisitor: boolean;
  /**
   * The person was erased on request while in the building: the line stays, anonymous, until
   * they are checked out (decision 0019).
   */
  isErased: boolean;
  checkInAt: number;
  /** The member's home space when it is not this one (a guest), else null. */
  guestFrom: Space | null;
}

/**
 * Everyone with an open visit at `spaceId` that began after `since`, newest first, with names from
 * the members and visitors tables. Rejects only when the database does.
 */
export async function whoIsIn(db: KioskDb, spaceId: string, since: number): Promise<PresenceRow[]> {
  const visits = await openVisitsAt(db, spaceId, since);
  const memberIds = visits.filter((v) => v.personKind === 'member').map((v) => v.personId);
  const visitorIds = visits.filter((v) => v.personKind === 'visitor').map((v) => v.personId);
  const [members, visitors] = await Promise.all([
    db.members.bulkGet(memberIds),
    db.visitors.bulkGet(visitorIds),
  ]);
  const memberById = new Map(members.flatMap((m) => (m ? [[m.id, m] as const] : [])));
  const visitorById = new Map(visitors.flatMap((v) => (v ? [[v.id, v] as const] : [])));
  const homeIds = [...new Set([...memberById.values()].map((m) => m.homeSpaceId))].filter(
    (id) => id !== spaceId,
  );
  const homes = await db.spaces.bulkGet(homeIds);
  const spaceById = new Map(homes.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  return visits.map((visit) => {
    if (visit.personKind === 'visitor') {
      const visitor = visitorById.get(visit.personId);
      return {
        visitId: visit.id,
        name: visitor ? `${visitor.firstName} ${visitor.lastName}` : null,
        isVisitor: true,
        isErased: visit.personId === ANONYMOUS_PERSON_ID,
        checkInAt: visit.checkInAt,
        guestFrom: null,
      };
    }
    const member = memberById.get(visit.personId);
    return {
      visitId: visit.id,
      name: member?.displayName ?? null,
      isVisitor: false,
      isErased: visit.personId === ANONYMOUS_PERSON_ID,
      checkInAt: visit.checkInAt,
      guestFrom: member ? (spaceById.get(member.homeSpaceId) ?? null) : null,
    };
  });
}
