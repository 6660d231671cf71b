import { z } from 'zod';
import { LANGS, type Lang } from '../domain/types';
import { err, ok, type Result } from '../result';

/**
 * The walk-in registration form: what the host (or the visitor) types at the desk, its rules and
 * the stable error codes the UI maps to messages in the visitor's language (`walkin.errors.<code>`).
 *
 * Names: letters of any script (accents included), spaces, apostrophes (' ’) and hyphens; at least
 * one letter; 1–80 characters after trimming (inner runs of spaces collapse to one). Emoji, digits
 * and markup are refused with `name-chars`, so a name is always plain text. Other free text
 * (company) keeps what was typed, control characters excepted: it is stored and shown as text,
 * never as HTML (Svelte escapes text interpolation), so `<script>` in a company name is harmless.
 */

/** Version of the privacy notice the consent refers to; recorded with each consent. */
export const PRIVACY_NOTICE_VERSION = '2025-03-v1';

/** Days a visitor's personal data is kept after their visit (the network's default policy). */
export const DEFAULT_RETENTION_DAYS = 30;

/** Most characters a first or last name may have after trimming. */
export const NAME_MAX = 80;
/** Most characters a company name may have. */
export const COMPANY_MAX = 120;
/** Most characters of an email address (RFC 5321 path limit). */
export const EMAIL_MAX = 254;
/** Most characters of a phone number (digits, spaces and + ( ) . / -). */
export const PHONE_MAX = 40;

/** Countries offered on the form; the network spans Belgium and France, visitors come from around. */
export const COUNTRIES = ['BE', 'FR', 'NL', 'LU', 'DE', 'GB', 'IT', 'ES', 'US'] as const;

/** Why the visitor came. `meeting` names the member they meet; `event` may name an agenda event. */
export type Purpose =
  | { kind: 'coworking' }
  | { kind: 'meeting'; memberId: string }
  | { kind: 'event'; eventId?: string }
  | { kind: 'tour' };
export type PurposeKind = Purpose['kind'];
export const PURPOSE_KINDS = ['coworking', 'meeting', 'event', 'tour'] as const;

/** Every error the form can show; one per field at most. */
export const WALK_IN_ERROR_CODES = [
  'required',
  'too-long',
  'name-chars',
  'control-chars',
  'email-invalid',
  'phone-invalid',
  'country-invalid',
  'lang-invalid',
  'purpose-invalid',
  'member-required',
  'consent-required',
] as const;
export type WalkInErrorCode = (typeof WALK_IN_ERROR_CODES)[number];

/** The fields errors are reported on. */
export type WalkInField =
  | 'firstName'
  | 'lastName'
  | 'company'
  | 'email'
  | 'phone'
  | 'country'
  | 'preferredLang'
  | 'purpose'
  | 'consent';

/** Per-field error codes; empty when the form is valid. */
export type WalkInErrors = Partial<Record<WalkInField, WalkInErrorCode>>;

/** A valid walk-in, normalised (trimmed, collapsed spaces, empty optionals absent). */
export interface WalkIn {
  firstName: string;
  lastName: string;
  company?: string;
  email?: string;
  phone?: string;
  country: string;
  preferredLang: Lang;
  purpose: Purpose;
  consentVersion: string;
}

// C0, DEL and C1 controls, plus the bidi overrides that can disguise text direction.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const NAME_CHARS = /^[\p{L}\p{M}' ’-]+$/u;
const HAS_LETTER = /\p{L}/u;
const PHONE = /^\+?[0-9 ()./-]+$/;

const length = (s: string): number => Array.from(s).length;
const tidy = (s: string): string => s.trim().replace(/\s+/gu, ' ');

function nameField() {
  return z.string('required').superRefine((raw, ctx) => {
    const s = tidy(raw);
    const problem: WalkInErrorCode | null = CONTROL.test(raw)
      ? 'control-chars'
      : s.length === 0
        ? 'required'
        : length(s) > NAME_MAX
          ? 'too-long'
          : !NAME_CHARS.test(s) || !HAS_LETTER.test(s)
            ? 'name-chars'
            : null;
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function optionalText(max: number, check?: (s: string) => WalkInErrorCode | null) {
  return z
    .string('required')
    .optional()
    .superRefine((raw, ctx) => {
      if (raw === undefined) return;
      const s = tidy(raw);
      const problem: WalkInErrorCode | null = CONTROL.test(raw)
        ? 'control-chars'
        : length(s) > max
          ? 'too-long'
          : s === '' || check === undefined
            ? null
            : check(s);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });
}

const EMAIL = z.email();

/** The raw form as the UI holds it: strings, the chosen purpose and the consent box. */
export const WalkInInputSchema = z.object({
  firstName: nameField(),
  lastName: nameField(),
  company: optionalText(COMPANY_MAX),
  email: optionalText(EMAIL_MAX, (s) => (EMAIL.safeParse(s).success ? null : 'email-invalid')),
  phone: optionalText(PHONE_MAX, (s) => {
    const digits = s.replace(/\D/g, '').length;
    return PHONE.test(s) && digits >= 6 && digits <= 15 ? null : 'phone-invalid';
  }),
  country: z.string('required').regex(/^[A-Z]{2}$/, 'country-invalid'),
  preferredLang: z.enum(LANGS, 'lang-invalid'),
  purpose: z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('coworking') }),
      z.object({
        kind: z.literal('meeting'),
        memberId: z.string('member-required').min(1, 'member-required').max(128),
      }),
      z.object({ kind: z.literal('event'), eventId: z.string().min(1).max(128).optional() }),
      z.object({ kind: z.literal('tour') }),
    ],
    'purpose-invalid',
  ),
  consent: z.literal(true, 'consent-required'),
  consentVersion: z.string().min(1).max(40).default(PRIVACY_NOTICE_VERSION),
});
export type WalkInInput = z.input<typeof WalkInInputSchema>;

const FIELDS: ReadonlySet<string> = new Set<WalkInField>([
  'firstName',
  'lastName',
  'company',
  'email',
  'phone',
  'country',
  'preferredLang',
  'purpose',
  'consent',
]);
const CODES: ReadonlySet<string> = new Set(WALK_IN_ERROR_CODES);

function isField(s: unknown): s is WalkInField {
  return typeof s === 'string' && FIELDS.has(s);
}
function isCode(s: string): s is WalkInErrorCode {
  return CODES.has(s);
}

/**
 * Validates and normalises a walk-in form. Never throws, whatever `input` is: a non-object or a
 * missing field yields `required` (or the field's own code) on that field. On success the names
 * and optionals are trimmed with inner spaces collapsed, and empty optionals are dropped.
 */
export function validateWalkIn(input: unknown): Result<WalkIn, WalkInErrors> {
  const parsed = WalkInInputSchema.safeParse(
    typeof input === 'object' && input !== null ? input : {},
  );
  if (!parsed.success) {
    const errors: WalkInErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (!isField(field) || errors[field] !== undefined) continue;
      errors[field] = isCode(issue.message)
        ? issue.message
        : field === 'purpose'
          ? 'purpose-invalid'
          : 'required';
    }
    return err(errors);
  }
  const d = parsed.data;
  const optional = (s: string | undefined): string | undefined => {
    const t = s === undefined ? '' : tidy(s);
    return t === '' ? undefined : t;
  };
  const walkIn: WalkIn = {
    firstName: tidy(d.firstName),
    lastName: tidy(d.lastName),
    country: d.country,
    preferredLang: d.preferredLang,
    purpose: d.purpose,
    consentVersion: d.consentVersion,
  };
  const company = optional(d.company);
  const email = optional(d.email);
  const phone = optional(d.phone);
  if (company !== undefined) walkIn.company = company;
  if (email !== undefined) walkIn.email = email;
  if (phone !== undefined) walkIn.phone = phone;
  return ok(walkIn);
}
