import type { Selectable } from 'kysely';
import type { SqlEngine } from './engine';
import type { ReleasesTable } from './schema-fleet';

/** Who a release is rolled out to: listed spaces, or a percentage of kiosks (stable per kiosk). */
export type Rollout =
  | { readonly kind: 'spaces'; readonly spaces: readonly string[] }
  | { readonly kind: 'percent'; readonly percent: number };

/** A kiosk update as stored (migration 14). */
export interface ReleaseRow {
  readonly channel: string;
  readonly version: string;
  readonly fileName: string;
  /** base64 sha512 of the file. */
  readonly sha512: string;
  readonly size: number;
  readonly addedAt: number;
  readonly rollout: Rollout;
}

/** A space held at one version of a channel. */
export interface PinRow {
  readonly spaceId: string;
  readonly channel: string;
  readonly version: string;
  readonly pinnedAt: number;
}

/** The releases and pins (hub/releases/ decides which applies to a kiosk). */
export interface ReleaseStore {
  /** False, writing nothing, when the channel already has this version. */
  add(row: ReleaseRow): Promise<boolean>;
  find(channel: string, version: string): Promise<ReleaseRow | undefined>;
  /** Every release, or one channel's, in no particular order. */
  list(channel?: string): Promise<ReleaseRow[]>;
  /** False when no such release. */
  setRollout(channel: string, version: string, rollout: Rollout): Promise<boolean>;
  /** Replaces the space's pin on the channel. */
  pin(row: PinRow): Promise<void>;
  /** False when the space had no pin on the channel. */
  unpin(spaceId: string, channel: string): Promise<boolean>;
  pins(channel?: string): Promise<PinRow[]>;
}

function rolloutColumns(rollout: Rollout) {
  return rollout.kind === 'spaces'
    ? { rollout_spaces: JSON.stringify(rollout.spaces), rollout_percent: null }
    : { rollout_spaces: null, rollout_percent: rollout.percent };
}

function rolloutOf(r: Selectable<ReleasesTable>): Rollout {
  if (r.rollout_spaces !== null) {
    const parsed: unknown = JSON.parse(r.rollout_spaces);
    const spaces = Array.isArray(parsed) ? parsed.filter((s) => typeof s === 'string') : [];
    return { kind: 'spaces', spaces };
  }
  // A row edited by hand to hold neither reaches nobody.
  return { kind: 'percent', percent: r.rollout_percent ?? 0 };
}

function toRelease(r: Selectable<ReleasesTable>): ReleaseRow {
  return {
    channel: r.channel,
    version: r.version,
    fileName: r.file_name,
    sha512: r.sha512,
    size: r.size,
    addedAt: r.added_at,
    rollout: rolloutOf(r),
  };
}

/** The release tables over `engine`, for both databases. */
export function releaseStore(engine: SqlEngine): ReleaseStore {
  const { reader } = engine;
  return {
    add: (row) =>
      engine.update(async (db) => {
        const result = await db
          .insertInto('releases')
          .values({
            channel: row.channel,
            version: row.version,
            file_name: row.fileName,
            sha512: row.sha512,
            size: row.size,
            added_at: row.addedAt,
            ...rolloutColumns(row.rollout),
          })
          .onConflict((oc) => oc.columns(['channel', 'version']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      }),
    async find(channel, version) {
      const row = await reader
        .selectFrom('releases')
        .selectAll()
        .where('channel', '=', channel)
        .where('version', '=', version)
        .executeTakeFirst();
      return row === undefined ? undefined : toRelease(row);
    },
    async list(channel) {
      let query = reader.selectFrom('releases').selectAll();
      if (channel !== undefined) query = query.where('channel', '=', channel);
      return (await query.orderBy('channel').orderBy('added_at').execute()).map(toRelease);
    },
    setRollout: (channel, version, rollout) =>
      engine.update(async (db) => {
        const result = await db
          .updateTable('releases')
          .set(rolloutColumns(rollout))
          .where('channel', '=', channel)
          .where('version', '=', version)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      }),
    pin: (row) =>
      engine.update(async (db) => {
        const values = {
          space_id: row.spaceId,
          channel: row.channel,
          version: row.version,
          pinned_at: row.pinnedAt,
        };
        await db
          .insertInto('release_pins')
          .values(values)
          .onConflict((oc) =>
            oc
              .columns(['space_id', 'channel'])
              .doUpdateSet({ version: values.version, pinned_at: values.pinned_at }),
          )
          .execute();
      }),
    unpin: (spaceId, channel) =>
      engine.update(async (db) => {
        const result = await db
          .deleteFrom('release_pins')
          .where('space_id', '=', spaceId)
          .where('channel', '=', channel)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      }),
    async pins(channel) {
      let query = reader.selectFrom('release_pins').selectAll();
      if (channel !== undefined) query = query.where('channel', '=', channel);
      const rows = await query.orderBy('channel').orderBy('space_id').execute();
      return rows.map((r) => ({
        spaceId: r.space_id,
        channel: r.channel,
        version: r.version,
        pinnedAt: r.pinned_at,
      }));
    },
  };
}
