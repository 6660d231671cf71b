import { z } from 'zod';
import { LANGS, WEEKDAYS, type SyncedTable } from '../domain/types';

/**
 * Schemas of the records that travel in sync messages (shared/domain/types.ts, as zod).
 * Two shapes per table: the *patch* a put carries (protocol rule 5: the fields a change wrote)
 * and the *full* record the hub materialises and sends in pull pages.
 */

/** Every table the protocol replicates, in a fixed order. */
export const SYNCED_TABLES = [
  'spaces',
  'members',
  'visitors',
  'visits',
  'events',
] as const satisfies readonly SyncedTable[];

/** Record ids: UUIDs or slugs; no spaces, no slashes (they appear in keys and URLs). */
export const RecordIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

const LangSchema = z.enum(LANGS);
const Ms = z.number().int().min(0).max(8_640_000_000_000_000);
const Text = (max: number) => z.string().max(max);
/** A wall-clock time "HH:MM", 00:00 to 23:59. */
const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** One opening span: "HH:MM" to a later "HH:MM" (or "24:00"). */
const OpeningSpanSchema = z
  .strictObject({ from: WallTime, to: z.union([WallTime, z.literal('24:00')]) })
  .refine((span) => span.to > span.from, 'a span ends after it starts');
const MethodSchema = z.enum(['wedge', 'serial', 'hid', 'host']);

/** A full Space as pulled by kiosks. */
export const SpaceSchema = z.strictObject({
  id: RecordIdSchema,
  name: Text(120).min(1),
  city: Text(120),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. BE'),
  timezone: Text(64).min(1),
  languages: z.array(LangSchema).min(1).max(3),
  /** GDPR retention after a visitor's last visit, in days (shared/visitor/retention.ts). */
  retentionDays: z.number().int().min(1).max(3660).optional(),
  closingTime: WallTime.optional(),
  openingHours: z.partialRecord(z.enum(WEEKDAYS), z.array(OpeningSpanSchema).max(4)).optional(),
});

/** A full Member as pulled by kiosks. */
export const MemberSchema = z.strictObject({
  id: RecordIdSchema,
  displayName: Text(200).min(1),
  homeSpaceId: RecordIdSchema,
  cardIds: z.array(Text(64)).max(16),
  cardKeys: z.array(Text(64)).max(256),
  preferredLang: LangSchema.optional(),
  isActive: z.boolean(),
  updatedAt: Ms,
});

/** A full Visitor as pulled by kiosks of the space that registered them. */
export const VisitorSchema = z.strictObject({
  id: RecordIdSchema,
  firstName: Text(120).min(1),
  lastName: Text(120),
  company: Text(200).optional(),
  email: Text(254).optional(),
  phone: Text(40).optional(),
  country: Text(2).optional(),
  preferredLang: LangSchema,
  consentAt: Ms,
  consentVersion: Text(40).min(1),
  retainUntil: Ms,
  updatedAt: Ms,
});

/** A full Visit as pulled by kiosks of its space. */
export const VisitSchema = z.strictObject({
  id: RecordIdSchema,
  spaceId: RecordIdSchema,
  personKind: z.enum(['member', 'visitor']),
  personId: RecordIdSchema,
  cardId: Text(64).optional(),
  method: MethodSchema,
  checkInAt: Ms,
  checkOutAt: Ms.optional(),
  checkOutMethod: z.enum(['wedge', 'serial', 'hid', 'host', 'auto']).optional(),
  eventId: RecordIdSchema.optional(),
  kioskId: RecordIdSchema,
});

/** Title or description per language: at least one language given. */
const LocalisedSchema = (max: number) =>
  z
    .strictObject({
      fr: Text(max).min(1).optional(),
      nl: Text(max).min(1).optional(),
      en: Text(max).min(1).optional(),
    })
    .refine((v) => v.fr !== undefined || v.nl !== undefined || v.en !== undefined, {
      error: 'at least one of fr, nl, en',
    });

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const HttpUrl = Text(2000).regex(/^https?:\/\//i, 'http or https only');

/** A full agenda occurrence as pulled by kiosks (shared/domain/types.ts, AgendaEvent). */
export const AgendaEventSchema = z.strictObject({
  id: RecordIdSchema,
  spaceId: RecordIdSchema,
  uid: Text(1000).min(1),
  recurrenceId: Text(40).optional(),
  startsAt: Ms,
  endsAt: Ms,
  allDay: z.boolean(),
  startDate: LocalDate.optional(),
  endDate: LocalDate.optional(),
  timeZone: Text(64).optional(),
  lang: LangSchema.optional(),
  title: LocalisedSchema(300),
  description: LocalisedSchema(5000).optional(),
  location: Text(300).optional(),
  url: HttpUrl.optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']),
  updatedAt: Ms,
});

/**
 * Profile-like patches: `id` plus any subset of the other fields; `null` clears an optional field
 * (JSON has no `undefined`). Required fields may not be cleared.
 */
function patchOf<S extends z.ZodRawShape>(full: z.ZodObject<S>, optionalKeys: readonly string[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(full.shape)) {
    if (key === 'id') continue;
    const base: z.ZodType =
      field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = optionalKeys.includes(key) ? base.nullable().optional() : base.optional();
  }
  return z.strictObject({ id: RecordIdSchema, ...shape });
}

/**
 * A visit put: the check-in group (personKind, personId, method, checkInAt, kioskId, optional
 * cardId and eventId) all present or all absent, and/or the check-out (checkOutAt with an optional
 * checkOutMethod). A check-out alone is valid: it may reach the hub before its check-in (rule 4).
 */
export const VisitPatchSchema = VisitSchema.partial()
  .required({ id: true, spaceId: true })
  .superRefine((v, ctx) => {
    const group = [v.personKind, v.personId, v.method, v.checkInAt, v.kioskId];
    const present = group.filter((x) => x !== undefined).length;
    if (present !== 0 && present !== group.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'personKind, personId, method, checkInAt and kioskId come together',
      });
    }
    if (present === 0 && (v.cardId !== undefined || v.eventId !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'cardId and eventId need the check-in fields' });
    }
    if (v.checkOutMethod !== undefined && v.checkOutAt === undefined) {
      ctx.addIssue({ code: 'custom', message: 'checkOutMethod needs checkOutAt' });
    }
    if (present === 0 && v.checkOutAt === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a visit put needs a check-in or a check-out' });
    }
  });
export type VisitPatch = z.infer<typeof VisitPatchSchema>;

/** The schema a put's record must satisfy, per table. */
export const PATCH_SCHEMAS: Readonly<Record<SyncedTable, z.ZodType>> = {
  spaces: patchOf(SpaceSchema, ['retentionDays', 'closingTime', 'openingHours']),
  members: patchOf(MemberSchema, ['preferredLang']),
  visitors: patchOf(VisitorSchema, ['company', 'email', 'phone', 'country']),
  visits: VisitPatchSchema,
  events: patchOf(AgendaEventSchema, [
    'recurrenceId',
    'startDate',
    'endDate',
    'timeZone',
    'lang',
    'description',
    'location',
    'url',
  ]),
};

/** The schema a materialised record satisfies, per table; a state that fails it is incomplete. */
export const FULL_SCHEMAS: Readonly<Record<SyncedTable, z.ZodType>> = {
  spaces: SpaceSchema,
  members: MemberSchema,
  visitors: VisitorSchema,
  visits: VisitSchema,
  events: AgendaEventSchema,
};

/** Tables whose records are people: the only ones an erasure applies to. */
export const PERSON_TABLES = ['members', 'visitors'] as const;
export type PersonTable = (typeof PERSON_TABLES)[number];

/** True when `table` holds people (members, visitors). */
export function isPersonTable(table: SyncedTable): table is PersonTable {
  return table === 'members' || table === 'visitors';
}
