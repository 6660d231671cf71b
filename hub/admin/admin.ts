import { randomUUID } from 'node:crypto';
import { enrolmentKeys, normalizeCardInput } from '#shared/card/card-id';
import { LANGS, type Lang, type Member, type Space } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { SYNC_LIMITS, type Mutation } from '#shared/sync/protocol';
import { MemberSchema, SpaceSchema } from '#shared/sync/protocol-records';
import { hashEnrolmentCode, newEnrolmentCode } from '../auth/credentials';
import type { HubStore } from '../store/store';
import { applyPush, type PushOutcome } from '../sync/push';
import { parseCsv, type CsvRow } from './csv';

/**
 * The hub's admin operations, used by the CLI (scripts/hub.ts). Hub-made changes go through the
 * same push path as kiosks' (as the admin principal), so they are merged, logged and pulled alike.
 */

/** How long an enrolment code stays valid unless told otherwise. */
export const DEFAULT_ENROLMENT_TTL_MS = 7 * 24 * 3600_000;

/** Creates a one-time enrolment code for a kiosk of `spaceId`; only its hash is stored. */
export async function addKiosk(
  store: HubStore,
  spaceId: string,
  now: number,
  ttlMs = DEFAULT_ENROLMENT_TTL_MS,
): Promise<{ code: string; expiresAt: number }> {
  const code = newEnrolmentCode();
  const expiresAt = now + ttlMs;
  await store.createEnrolment(hashEnrolmentCode(code), spaceId, expiresAt);
  return { code, expiresAt };
}

/** Writes `records` into `table` as the hub, in batches; rejects on database errors. */
async function hubPut(
  store: HubStore,
  table: Mutation['table'],
  records: readonly { id: string }[],
  now: number,
): Promise<PushOutcome> {
  const clock = new HybridLogicalClock('hub', () => now);
  const all: PushOutcome = { accepted: [], rejected: [] };
  for (let i = 0; i < records.length; i += SYNC_LIMITS.maxBatch) {
    const batch: Mutation[] = records.slice(i, i + SYNC_LIMITS.maxBatch).map((record) => ({
      mutationId: randomUUID(),
      table,
      op: 'put',
      recordId: record.id,
      record,
      hlc: clock.tick(),
    }));
    const outcome = await applyPush(store, { kind: 'admin' }, batch, now);
    all.accepted.push(...outcome.accepted);
    all.rejected.push(...outcome.rejected);
  }
  return all;
}

function truthy(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n', ''].includes(v)) return false;
  return undefined;
}

function list(raw: string): string[] {
  return raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

function memberOf(row: CsvRow, now: number): Result<Member> {
  const v = row.values;
  const cardIds: string[] = [];
  const cardKeys = new Set<string>();
  for (const [i, raw] of list(v['cardIds'] ?? '').entries()) {
    const card = normalizeCardInput(raw);
    // The position, not the value: errors name where, never what the file holds.
    if (!card.ok)
      return err({
        code: 'import-invalid',
        message: `line ${row.line}: cardIds, card ${i + 1}: ${card.error.message}`,
      });
    cardIds.push(card.value.canonical);
    for (const key of enrolmentKeys(card.value.canonical, card.value.kind)) cardKeys.add(key);
  }
  const isActive = truthy(v['active'] ?? '');
  if (isActive === undefined)
    return err({
      code: 'import-invalid',
      message: `line ${row.line}: active must be true or false`,
    });
  const lang = (v['preferredLang'] ?? '').trim();
  const candidate = {
    id: (v['id'] ?? '').trim(),
    displayName: (v['displayName'] ?? '').trim(),
    homeSpaceId: (v['homeSpaceId'] ?? '').trim(),
    cardIds,
    cardKeys: [...cardKeys],
    ...(lang ? { preferredLang: lang } : {}),
    isActive,
    updatedAt: now,
  };
  const parsed = MemberSchema.safeParse(candidate);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err({ code: 'import-invalid', message: `line ${row.line}: ${why}` });
  }
  return ok(parsed.data);
}

/** An empty cell leaves the default; anything else must be a whole number (the schema checks). */
function retentionOf(raw: string): { retentionDays?: number } {
  const v = raw.trim();
  return v === '' ? {} : { retentionDays: /^\d+$/.test(v) ? Number(v) : Number.NaN };
}

function spaceOf(row: CsvRow): Result<Space> {
  const v = row.values;
  const languages = list(v['languages'] ?? '');
  const candidate = {
    id: (v['id'] ?? '').trim(),
    name: (v['name'] ?? '').trim(),
    city: (v['city'] ?? '').trim(),
    country: (v['country'] ?? '').trim().toUpperCase(),
    timezone: (v['timezone'] ?? '').trim(),
    languages,
    ...retentionOf(v['retentionDays'] ?? ''),
  };
  const parsed = SpaceSchema.safeParse(candidate);
  if (!parsed.success || !languages.every((l) => (LANGS as readonly string[]).includes(l))) {
    const why = parsed.success
      ? `languages: ${LANGS.join(', ')}`
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err({ code: 'import-invalid', message: `line ${row.line}: ${why}` });
  }
  return ok({ ...parsed.data, languages: languages as Lang[] });
}

async function importRows<T extends { id: string }>(
  store: HubStore,
  table: Mutation['table'],
  rows: Result<CsvRow[]>,
  convert: (row: CsvRow) => Result<T>,
  now: number,
): Promise<Result<{ imported: number }>> {
  if (!rows.ok) return rows;
  const records: T[] = [];
  const problems: string[] = [];
  const ids = new Map<string, number>();
  for (const row of rows.value) {
    const r = convert(row);
    const first = r.ok ? ids.get(r.value.id) : undefined;
    if (!r.ok) problems.push(r.error.message);
    else if (first !== undefined) problems.push(`line ${row.line}: the id of line ${first} again`);
    else {
      ids.set(r.value.id, row.line);
      records.push(r.value);
    }
  }
  if (problems.length > 0) {
    return err({
      code: 'import-invalid',
      message: `Nothing imported: ${problems.length} bad rows.`,
      details: problems,
    });
  }
  const outcome = await hubPut(store, table, records, now);
  if (outcome.rejected.length > 0) {
    return err({
      code: 'import-rejected',
      message: 'Some rows were rejected.',
      details: outcome.rejected.map((r) => r.reason),
    });
  }
  return ok({ imported: records.length });
}

/**
 * Imports members from CSV (columns id, displayName, homeSpaceId, cardIds separated by `;`, active;
 * optional preferredLang). Card numbers are normalised and indexed under every derived form.
 * All or nothing: a single bad row imports nothing, and every bad row is listed in `details`.
 */
export function importMembersCsv(
  store: HubStore,
  text: string,
  now: number,
): Promise<Result<{ imported: number }>> {
  const rows = parseCsv(
    text,
    ['id', 'displayName', 'homeSpaceId', 'cardIds', 'active'],
    ['preferredLang'],
  );
  return importRows(store, 'members', rows, (row) => memberOf(row, now), now);
}

/**
 * Imports spaces from CSV (columns id, name, city, country, timezone, languages separated by `;`;
 * optional retentionDays, the GDPR retention in days, 30 when empty). All or nothing, as
 * importMembersCsv.
 */
export function importSpacesCsv(
  store: HubStore,
  text: string,
  now: number,
): Promise<Result<{ imported: number }>> {
  const rows = parseCsv(
    text,
    ['id', 'name', 'city', 'country', 'timezone', 'languages'],
    ['retentionDays'],
  );
  return importRows(store, 'spaces', rows, spaceOf, now);
}

/** Erases a member or visitor everywhere (protocol rule 7), as the hub. */
export async function erasePerson(
  store: HubStore,
  table: 'members' | 'visitors',
  personId: string,
  now: number,
): Promise<void> {
  const clock = new HybridLogicalClock('hub', () => now);
  await applyPush(
    store,
    { kind: 'admin' },
    [{ mutationId: randomUUID(), table, op: 'erase', recordId: personId, hlc: clock.tick() }],
    now,
  );
}
