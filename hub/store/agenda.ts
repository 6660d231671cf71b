import type { Selectable } from 'kysely';
import type { AgendaEvent, Lang } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { feedStore } from './agenda-feeds';
import { seriesKey, seriesKeys } from './agenda-series';
import type {
  AgendaStore,
  HubEventDefinition,
  HubEventRow,
  OccurrenceRow,
  Translation,
} from './agenda-rows';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { toRecordRow } from './mappers';
import type { AgendaOccurrencesTable, HubEventsTable } from './schema-agenda';

/** The `hub_meta` key of the agenda version (AgendaStore.agendaVersion). */
const VERSION_KEY = 'agenda_version';

function toOccurrence(r: Selectable<AgendaOccurrencesTable>): OccurrenceRow {
  return {
    eventId: r.event_id,
    feedId: r.feed_id,
    uid: r.uid,
    recurrenceId: r.recurrence_id,
    spaceId: r.space_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    digest: r.digest,
    hlc: r.hlc,
  };
}

function toHubEvent(r: Selectable<HubEventsTable>): HubEventRow {
  return {
    uid: r.uid,
    spaceId: r.space_id,
    event: JSON.parse(r.event) as HubEventDefinition,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The agenda tables over `engine`, for both databases (see agenda-rows.ts for the contract). */
export function agendaStore(engine: SqlEngine): AgendaStore {
  const { reader } = engine;
  return {
    ...feedStore(engine),
    async occurrencesOf(feedId) {
      const rows = await reader
        .selectFrom('agenda_occurrences')
        .selectAll()
        .where('feed_id', feedId === null ? 'is' : '=', feedId)
        .execute();
      return rows.map(toOccurrence);
    },
    async occurrencesOfUid(uid) {
      const rows = await reader
        .selectFrom('agenda_occurrences')
        .selectAll()
        .where('series', '=', seriesKey(uid))
        .where('uid', '=', uid)
        .orderBy('starts_at')
        .execute();
      return rows.map(toOccurrence);
    },
    async saveOccurrences(rows, removedIds) {
      if (rows.length === 0 && removedIds.length === 0) return;
      const series = seriesKeys();
      // A write transaction (serialised with pushes): the version moves in step with the rows.
      await engine.write(async (db) => {
        for (const part of chunks(removedIds, IN_LIST)) {
          await db.deleteFrom('agenda_occurrences').where(engine.oneOf('event_id', part)).execute();
        }
        // One statement per database (SQLite: one prepared row insert run per row; PostgreSQL:
        // unnest): a multi-row VALUES upsert of a 40 000-occurrence import took 0.7 s on SQLite.
        await engine.insertMany(
          db.insertInto('agenda_occurrences').onConflict((oc) =>
            oc.column('event_id').doUpdateSet((eb) => ({
              feed_id: eb.ref('excluded.feed_id'),
              uid: eb.ref('excluded.uid'),
              series: eb.ref('excluded.series'),
              recurrence_id: eb.ref('excluded.recurrence_id'),
              space_id: eb.ref('excluded.space_id'),
              starts_at: eb.ref('excluded.starts_at'),
              ends_at: eb.ref('excluded.ends_at'),
              digest: eb.ref('excluded.digest'),
              hlc: eb.ref('excluded.hlc'),
            })),
          ),
          rows.map((r) => ({
            event_id: r.eventId,
            feed_id: r.feedId,
            uid: r.uid,
            series: series(r.uid),
            recurrence_id: r.recurrenceId,
            space_id: r.spaceId,
            starts_at: r.startsAt,
            ends_at: r.endsAt,
            digest: r.digest,
            hlc: r.hlc,
          })),
        );
        const current = await db
          .selectFrom('hub_meta')
          .select('value')
          .where('key', '=', VERSION_KEY)
          .executeTakeFirst();
        const next = String(Number(current?.value ?? '0') + 1);
        await db
          .insertInto('hub_meta')
          .values({ key: VERSION_KEY, value: next })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: next }))
          .execute();
      });
    },
    async agendaVersion() {
      const r = await reader
        .selectFrom('hub_meta')
        .select('value')
        .where('key', '=', VERSION_KEY)
        .executeTakeFirst();
      return Number(r?.value ?? '0');
    },
    async saveHubEvent(uid, spaceId, event, now) {
      const json = JSON.stringify(event);
      await engine.update((db) =>
        db
          .insertInto('hub_events')
          .values({ uid, space_id: spaceId, event: json, created_at: now, updated_at: now })
          .onConflict((oc) =>
            oc.column('uid').doUpdateSet({ space_id: spaceId, event: json, updated_at: now }),
          )
          .execute(),
      );
    },
    async findHubEvent(uid) {
      const r = await reader
        .selectFrom('hub_events')
        .selectAll()
        .where('uid', '=', uid)
        .executeTakeFirst();
      return r ? toHubEvent(r) : undefined;
    },
    async hubEvents() {
      const rows = await reader.selectFrom('hub_events').selectAll().orderBy('uid').execute();
      return rows.map(toHubEvent);
    },
    async translations(uids) {
      const out: Translation[] = [];
      for (const part of chunks(uids, IN_LIST)) {
        const rows = await reader
          .selectFrom('event_translations')
          .selectAll()
          .where(engine.oneOf('uid', part))
          .orderBy('uid')
          .orderBy('lang')
          .execute();
        for (const r of rows) {
          out.push({
            uid: r.uid,
            lang: r.lang as Lang,
            ...(r.title === null ? {} : { title: r.title }),
            ...(r.description === null ? {} : { description: r.description }),
          });
        }
      }
      return out;
    },
    async saveTranslation(t, now) {
      const title = t.title ?? null;
      const description = t.description ?? null;
      await engine.update((db) =>
        db
          .insertInto('event_translations')
          .values({ uid: t.uid, lang: t.lang, title, description, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['uid', 'lang']).doUpdateSet((eb) => ({
              // A field the editor left out keeps the words given before.
              title: eb.fn.coalesce(eb.val(title), eb.ref('event_translations.title')),
              description: eb.fn.coalesce(
                eb.val(description),
                eb.ref('event_translations.description'),
              ),
              updated_at: now,
            })),
          )
          .execute(),
      );
    },
    async cancellations(uids) {
      const out: { uid: string; recurrenceId: string }[] = [];
      for (const part of chunks(uids, IN_LIST)) {
        const rows = await reader
          .selectFrom('event_cancellations')
          .select(['uid', 'recurrence_id'])
          .where(engine.oneOf('uid', part))
          .execute();
        for (const r of rows) out.push({ uid: r.uid, recurrenceId: r.recurrence_id });
      }
      return out;
    },
    async saveCancellation(c, now) {
      await engine.update((db) =>
        db
          .insertInto('event_cancellations')
          .values({ uid: c.uid, recurrence_id: c.recurrenceId, at: now })
          .onConflict((oc) => oc.columns(['uid', 'recurrence_id']).doNothing())
          .execute(),
      );
    },
    async deletedEventIds(ids) {
      const out = new Set<string>();
      for (const part of chunks(ids, IN_LIST)) {
        const rows = await reader
          .selectFrom('records')
          .selectAll()
          .where('tbl', '=', 'events')
          .where(engine.oneOf('record_id', part))
          .execute();
        for (const r of rows) if (toRecordRow(r).state.kind === 'deleted') out.add(r.record_id);
      }
      return out;
    },
    async liveEvents() {
      const rows = await reader
        .selectFrom('records')
        .selectAll()
        .where('tbl', '=', 'events')
        .where('erased', '=', 0)
        .execute();
      const events = rows.flatMap((r) => {
        const record = materialize('events', toRecordRow(r).state) as AgendaEvent | undefined;
        return record ? [record] : [];
      });
      return events.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1));
    },
  };
}
