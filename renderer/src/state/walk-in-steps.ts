import {
  COMPANY_MAX,
  EMAIL_MAX,
  NAME_MAX,
  PHONE_MAX,
  type WalkInErrors,
  type WalkInField,
} from '#shared/visitor/walk-in-form';

/**
 * The walk-in form as steps that each fit a kiosk's screen with the keyboard open: who you are
 * (returning visitor or name), how to reach you, your visit (country, purpose, member met), the
 * privacy notice and consent. The bind-card screen follows.
 */
export const WALK_IN_STEPS = ['who', 'contact', 'visit', 'consent'] as const;
export type WalkInStep = (typeof WALK_IN_STEPS)[number];

/** The fields each step shows, so each error shows on the step where its field is. */
export const STEP_FIELDS: Record<WalkInStep, readonly WalkInField[]> = {
  who: ['firstName', 'lastName'],
  contact: ['company', 'email', 'phone'],
  visit: ['country', 'purpose'],
  consent: ['consent', 'preferredLang'],
};

/** The fields typed on the on-screen keyboard (the two searches included). */
export type TypedField =
  'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'returningQuery' | 'memberQuery';

/** The field the keyboard types into when a step opens; null opens it without the keyboard. */
export const FIRST_TYPED: Record<WalkInStep, TypedField | null> = {
  who: 'firstName',
  contact: 'company',
  visit: null,
  consent: null,
};

/** Only searches of three letters or more answer (the desk enforces it). */
export const QUERY_MIN = 3;

/** Room past a field's limit, so an over-long entry shows its "too long" message, not silence. */
const SLACK = 20;
/** A search needs no more than a name's length. */
const QUERY_MAX = NAME_MAX;

/** Most characters each typed field takes: the form's limit plus some slack. */
export const TYPED_MAX: Record<TypedField, number> = {
  firstName: NAME_MAX + SLACK,
  lastName: NAME_MAX + SLACK,
  company: COMPANY_MAX + SLACK,
  email: EMAIL_MAX + SLACK,
  phone: PHONE_MAX + SLACK,
  returningQuery: QUERY_MAX,
  memberQuery: QUERY_MAX,
};

/** The earliest step that has an error, or null when none has. */
export function firstStepWithError(errors: WalkInErrors): WalkInStep | null {
  return (
    WALK_IN_STEPS.find((step) => STEP_FIELDS[step].some((f) => errors[f] !== undefined)) ?? null
  );
}
