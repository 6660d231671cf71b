import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Visit, Visitor } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import { newRecordId } from '#shared/sync/record-ids';
import { DEFAULT_RETENTION_DAYS, type WalkIn } from '#shared/visitor/walk-in-form';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange, type ProfilePatch } from '../db/mutations';

const DAY_MS = 86_400_000;
const CONTACT_FIELDS = ['company', 'email', 'phone'] as const;

/**
 * The contact fields a returning visitor's form changed: a field given and different from the
 * stored one. A field left empty keeps the stored value (the form cannot clear one).
 */
function changedContact(
  stored: Visitor,
  walkIn: WalkIn,
): Partial<Pick<Visitor, 'company' | 'email' | 'phone'>> {
  const changed: Partial<Pick<Visitor, 'company' | 'email' | 'phone'>> = {};
  for (const field of CONTACT_FIELDS) {
    const value = walkIn[field];
    if (value !== undefined && value !== stored[field]) changed[field] = value;
  }
  return changed;
}

/** One registration: a form submitted, the visitor (new or re-used) and their open visit. */
export interface Registration {
  visitor: Visitor;
  visit: Visit;
  isNewVisitor: boolean;
  /** True when this submission id had already been stored: nothing new was written. */
  isRepeat: boolean;
}

/** What a registration needs (a subset of VisitorDeskDeps). */
export interface RegistrationDeps {
  db: KioskDb;
  config: KioskConfig;
  clock: Clock;
  hlc: HybridLogicalClock;
}

/**
 * Stores a walk-in: the visitor (new, or `returningVisitorId` re-used with fresh consent,
 * language and retention, and any contact field the form changed — pushed as a patch of those
 * fields only, so another kiosk's concurrent edit of another field survives) and an open visit at
 * this space checked in by the host, plus the local visit details, in ONE transaction. The same
 * `submissionId` twice stores once: the second call resolves with the first registration and
 * `isRepeat`. Error `visitor-not-found` when the returning visitor is gone (e.g. purged);
 * `event-not-on` when the purpose names an event this space no longer holds (deleted, cancelled
 * or moved away by a sync meanwhile). The event's window is not checked again: it was on when
 * offered, and a form takes minutes. Rejects only when the database does, having written nothing.
 */
export async function registerWalkIn(
  deps: RegistrationDeps,
  input: {
    walkIn: WalkIn;
    submissionId: string;
    returningVisitorId?: string;
  },
): Promise<Result<Registration>> {
  const { db, config } = deps;
  const { walkIn, submissionId, returningVisitorId } = input;
  return db.transaction(
    'rw',
    [db.visitors, db.visits, db.outbox, db.visitDetails, db.events],
    async (): Promise<Result<Registration>> => {
      const earlier = await db.visitDetails.where('submissionId').equals(submissionId).first();
      if (earlier) {
        const [visitor, visit] = await Promise.all([
          db.visitors.get(earlier.visitorId),
          db.visits.get(earlier.visitId),
        ]);
        if (visitor && visit) return ok({ visitor, visit, isNewVisitor: false, isRepeat: true });
      }
      const eventId = walkIn.purpose.kind === 'event' ? walkIn.purpose.eventId : undefined;
      if (eventId !== undefined) {
        const event = await db.events.get(eventId);
        if (!event || event.spaceId !== config.spaceId || event.status === 'cancelled') {
          return err({ code: 'event-not-on', message: 'The event is no longer on here.' });
        }
      }
      const now = deps.clock();
      const retainUntil = now + DEFAULT_RETENTION_DAYS * DAY_MS;
      const consent = { consentAt: now, consentVersion: walkIn.consentVersion };
      let visitor: Visitor;
      if (returningVisitorId === undefined) {
        visitor = {
          id: newRecordId(),
          firstName: walkIn.firstName,
          lastName: walkIn.lastName,
          ...(walkIn.company === undefined ? {} : { company: walkIn.company }),
          ...(walkIn.email === undefined ? {} : { email: walkIn.email }),
          ...(walkIn.phone === undefined ? {} : { phone: walkIn.phone }),
          country: walkIn.country,
          preferredLang: walkIn.preferredLang,
          ...consent,
          retainUntil,
          updatedAt: now,
        };
        await recordChange(db, {
          table: 'visitors',
          op: 'put',
          record: visitor,
          hlc: deps.hlc.tick(),
          now,
        });
      } else {
        const stored = await db.visitors.get(returningVisitorId);
        if (!stored) {
          return err({ code: 'visitor-not-found', message: 'The returning visitor is gone.' });
        }
        const changes = {
          ...changedContact(stored, walkIn),
          preferredLang: walkIn.preferredLang,
          ...consent,
          retainUntil: Math.max(stored.retainUntil, retainUntil),
          updatedAt: now,
        };
        const patch: ProfilePatch<'visitors'> = { id: stored.id, ...changes };
        await recordChange(db, {
          table: 'visitors',
          op: 'patch',
          patch,
          hlc: deps.hlc.tick(),
          now,
        });
        visitor = { ...stored, ...changes };
      }
      const visit: Visit = {
        id: newRecordId(),
        spaceId: config.spaceId,
        personKind: 'visitor',
        personId: visitor.id,
        method: 'host',
        checkInAt: now,
        kioskId: config.kioskId,
        ...(eventId === undefined ? {} : { eventId }),
      };
      await recordChange(db, {
        table: 'visits',
        op: 'put',
        record: visit,
        hlc: deps.hlc.tick(),
        now,
      });
      await db.visitDetails.add({
        visitId: visit.id,
        visitorId: visitor.id,
        purpose: walkIn.purpose,
        submissionId,
        createdAt: now,
      });
      return ok({
        visitor,
        visit,
        isNewVisitor: returningVisitorId === undefined,
        isRepeat: false,
      });
    },
  );
}
