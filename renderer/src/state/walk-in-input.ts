import type { Lang, Visitor } from '#shared/domain/types';
import type { PurposeKind } from '#shared/visitor/walk-in-form';

/** What the walk-in form holds, as WalkInState keeps it. */
export interface WalkInFields {
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  country: string;
  purposeKind: PurposeKind;
  member: { id: string } | null;
  /** The event on now chosen (recorded with purpose `event`); null when none. */
  event: { chosenId: string | null };
  consent: boolean;
}

/** A returning visitor's contact field: what was typed, else the stored value. */
function typedOr(typed: string, stored: string | undefined): string | undefined {
  return typed.trim() === '' ? stored : typed;
}

/**
 * The form as `validateWalkIn` takes it. For a returning visitor (`stored`), the stored name is
 * used and an empty contact field keeps the stored value; a typed one replaces it.
 */
export function walkInInput(
  f: WalkInFields,
  stored: Visitor | undefined,
  lang: Lang,
  noticeVersion: string,
): unknown {
  return {
    firstName: stored?.firstName ?? f.firstName,
    lastName: stored?.lastName ?? f.lastName,
    company: stored ? typedOr(f.company, stored.company) : f.company,
    email: stored ? typedOr(f.email, stored.email) : f.email,
    phone: stored ? typedOr(f.phone, stored.phone) : f.phone,
    country: f.country,
    preferredLang: lang,
    purpose:
      f.purposeKind === 'meeting'
        ? { kind: 'meeting', memberId: f.member?.id ?? '' }
        : f.purposeKind === 'event' && f.event.chosenId !== null
          ? { kind: 'event', eventId: f.event.chosenId }
          : { kind: f.purposeKind },
    consent: f.consent,
    consentVersion: noticeVersion,
  };
}
