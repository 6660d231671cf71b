import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  LANGS,
  type AgendaEvent,
  type Lang,
  type Localised,
  type Space,
} from '#shared/domain/types';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { renderIcs } from './render-ics';

/**
 * The network agenda as the hub publishes it to the network's website (decision 0023): the live
 * events of every space, or of one space or one country, in one language, as iCalendar
 * (`renderIcs`) or as JSON. Bodies are built once per query and agenda version and kept with
 * their ETag (AgendaCache).
 */

/** `?lang=fr|nl|en[&space=ID][&country=BE]`; other parameters are ignored. */
export const AgendaQuerySchema = z.object({
  lang: z.enum(LANGS),
  space: RecordIdSchema.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. BE')
    .optional(),
});
export type AgendaQuery = z.infer<typeof AgendaQuerySchema>;

const Iso = z.string().describe('ISO 8601, UTC');

/** One occurrence in the published JSON: words in the asked language, or the nearest. */
export const PublishedEventSchema = z.strictObject({
  id: RecordIdSchema.describe('Stable across languages and publications (the iCalendar UID).'),
  uid: z.string().describe("The series' UID in its feed."),
  recurrenceId: z.string().optional(),
  spaceId: RecordIdSchema,
  space: z.strictObject({ name: z.string(), city: z.string(), country: z.string() }).optional(),
  startsAt: Iso,
  endsAt: Iso,
  allDay: z.boolean(),
  startDate: z.string().optional().describe('All-day: the first local date.'),
  endDate: z.string().optional().describe('All-day: the local date after the last one.'),
  timeZone: z.string().optional(),
  heldIn: z.enum(LANGS).optional().describe('The language the event is held in.'),
  title: z.string(),
  titleLang: z
    .enum(LANGS)
    .describe('The language of `title`: the asked one when the event has it.'),
  description: z.string().optional(),
  location: z.string().optional(),
  url: z.string().optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']),
});

/** The body of GET /agenda.json. */
export const PublishedAgendaSchema = z.strictObject({
  lang: z.enum(LANGS),
  events: z.array(PublishedEventSchema),
});
export type PublishedAgenda = z.infer<typeof PublishedAgendaSchema>;

/** Words in `lang`, else the language the event is held in, else the first it has. */
function inLanguage(
  words: Localised | undefined,
  lang: Lang,
  held: Lang | undefined,
): { text: string; lang: Lang } | undefined {
  for (const candidate of [lang, ...(held ? [held] : []), ...LANGS]) {
    const text = words?.[candidate];
    if (text !== undefined) return { text, lang: candidate };
  }
  return undefined;
}

/** The events of `query`'s space or country (all when neither is given). */
export function selectEvents(
  events: readonly AgendaEvent[],
  spaces: ReadonlyMap<string, Space>,
  query: AgendaQuery,
): AgendaEvent[] {
  return events.filter(
    (e) =>
      (query.space === undefined || e.spaceId === query.space) &&
      (query.country === undefined || spaces.get(e.spaceId)?.country === query.country),
  );
}

/** The JSON body for `events` (already selected) in `lang`. */
export function agendaJson(
  events: readonly AgendaEvent[],
  spaces: ReadonlyMap<string, Space>,
  lang: Lang,
): PublishedAgenda {
  return {
    lang,
    events: events.map((e) => {
      const title = inLanguage(e.title, lang, e.lang) ?? { text: '', lang };
      const description = inLanguage(e.description, lang, e.lang);
      const space = spaces.get(e.spaceId);
      return {
        id: e.id,
        uid: e.uid,
        ...(e.recurrenceId ? { recurrenceId: e.recurrenceId } : {}),
        spaceId: e.spaceId,
        ...(space ? { space: { name: space.name, city: space.city, country: space.country } } : {}),
        startsAt: new Date(e.startsAt).toISOString(),
        endsAt: new Date(e.endsAt).toISOString(),
        allDay: e.allDay,
        ...(e.startDate ? { startDate: e.startDate } : {}),
        ...(e.endDate ? { endDate: e.endDate } : {}),
        ...(e.timeZone ? { timeZone: e.timeZone } : {}),
        ...(e.lang ? { heldIn: e.lang } : {}),
        title: title.text,
        titleLang: title.lang,
        ...(description ? { description: description.text } : {}),
        ...(e.location ? { location: e.location } : {}),
        ...(e.url ? { url: e.url } : {}),
        status: e.status,
      };
    }),
  };
}

/** A built body and its strong ETag. */
export interface PublishedBody {
  readonly body: string;
  readonly etag: string;
}

/** `body` with an ETag made from its bytes. */
export function published(body: string): PublishedBody {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return { body, etag: `"${hash}"` };
}

/** The body of `format` for `events` (already selected). */
export function buildBody(
  format: 'ics' | 'json',
  events: readonly AgendaEvent[],
  spaces: ReadonlyMap<string, Space>,
  lang: Lang,
): PublishedBody {
  return published(
    format === 'ics'
      ? renderIcs(events, lang, spaces)
      : JSON.stringify(agendaJson(events, spaces, lang)),
  );
}

/** True when an If-None-Match header names `etag` (or is `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** Queries kept at most; past it the cache starts afresh (a bound whatever clients ask). */
const MAX_ENTRIES = 256;

/**
 * Built bodies by query and format, each valid for one `version` of the agenda (the store's
 * agenda version and the spaces' digest): a body is rebuilt only when events or spaces changed.
 */
export class AgendaCache {
  private readonly entries = new Map<string, { version: string; value: PublishedBody }>();

  /** The body of `key` at `version`, built by `build` when absent or older. */
  async get(
    key: string,
    version: string,
    build: () => Promise<PublishedBody>,
  ): Promise<PublishedBody> {
    const hit = this.entries.get(key);
    if (hit?.version === version) return hit.value;
    const value = await build();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { version, value });
    return value;
  }
}
