import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '#shared/result';
import type { Member } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation } from '#shared/sync/protocol';
import { hashEnrolmentCode, newEnrolmentCode } from '../auth/credentials';
import type { HubStore } from '../store/store';
import { hubWrite } from '../sync/hub-writes';
import { applyPush, type PushOutcome } from '../sync/push';
import { parseCsv, readAs, type CsvDelimiter } from './csv';
import {
  cardClashProblems,
  cardGivers,
  cardKeysOfRows,
  unknownSpaceProblems,
  type MemberLine,
} from './member-checks';
import { counted } from './plural';
import {
  MEMBER_COLUMNS,
  SPACE_COLUMNS,
  inColumnOrder,
  memberOf,
  spaceOf,
  type Problem,
} from './rows';

/**
 * The hub's admin operations, used by the CLI (scripts/hub.ts). Hub-made changes go through the
 * same push path as kiosks' (as the admin principal), so they are merged, logged and pulled alike.
 */

/** How long an enrolment code stays valid unless told otherwise. */
export const DEFAULT_ENROLMENT_TTL_MS = 7 * 24 * 3600_000;

/**
 * Resolves ok when the hub holds a live space `spaceId`; else `space-unknown`, with a sentence
 * naming the space and the spaces the hub knows (what `kiosk add` says before writing anything).
 */
export async function requireSpace(store: HubStore, spaceId: string): Promise<Result<void>> {
  const spaces = await store.liveRecordIds('spaces');
  if (spaces.includes(spaceId)) return ok(undefined);
  return err({ code: 'space-unknown', message: `No space ${spaceId}. ${knownSpaces(spaces)}` });
}

/**
 * Creates a one-time enrolment code for a kiosk of `spaceId`; only its hash is stored. It does
 * not look the space up: callers that take it from a person check it first (requireSpace).
 */
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

/** The spaces the hub holds, as a sentence. */
function knownSpaces(known: readonly string[]): string {
  return known.length === 0
    ? 'The hub has no spaces yet: import them first (spaces import FILE).'
    : `Known ${known.length === 1 ? 'space' : 'spaces'}: ${known.join(', ')}.`;
}

/** A problem list as the import's error: every bad row, each with every problem of its row. */
function refusal(
  delimiter: CsvDelimiter,
  badRows: readonly string[],
  extra: readonly string[] = [],
): Result<never> {
  return err({
    code: 'import-invalid',
    message: `Nothing imported (${readAs(delimiter)}): ${counted(badRows.length, 'bad row')}.`,
    details: [...badRows, ...extra],
  });
}

/** Lines that repeat an earlier line's id, by line. */
function repeatedIds(rows: readonly { line: number; id: string }[]): Map<number, Problem[]> {
  const first = new Map<string, number>();
  const out = new Map<number, Problem[]>();
  for (const { line, id } of rows) {
    const at = first.get(id);
    if (at === undefined) first.set(id, line);
    else if (id !== '') out.set(line, [{ column: 'id', text: `id: the id of line ${at} again` }]);
  }
  return out;
}

/** Every row's problems, `line: a; b; c`, for the rows that have any, in line order. */
function badRows(
  lines: readonly number[],
  columns: readonly string[],
  ...sources: readonly ReadonlyMap<number, readonly Problem[]>[]
): string[] {
  return lines.flatMap((line) => {
    const problems = sources.flatMap((s) => s.get(line) ?? []);
    return problems.length === 0
      ? []
      : [`line ${line}: ${inColumnOrder(problems, columns).join('; ')}`];
  });
}

/**
 * Writes the records of each step in turn, stamped by one clock (so a later step wins), all or
 * nothing as far as the checks go (see importMembersCsv); counts the last step's records.
 */
async function write(
  store: HubStore,
  table: Mutation['table'],
  steps: readonly (readonly { id: string }[])[],
  delimiter: CsvDelimiter,
  now: number,
): Promise<Result<ImportSummary>> {
  const clock = new HybridLogicalClock('hub', () => now);
  const outcome: PushOutcome = { accepted: [], rejected: [] };
  for (const records of steps) {
    const step = await hubWrite(
      store,
      table,
      records.map((record) => ({ op: 'put', record })),
      now,
      clock,
    );
    outcome.accepted.push(...step.accepted);
    outcome.rejected.push(...step.rejected);
  }
  const records = steps.at(-1) ?? [];
  if (outcome.rejected.length > 0) {
    return err({
      code: 'import-rejected',
      message: `The hub refused ${counted(outcome.rejected.length, 'row')} (${readAs(delimiter)}).`,
      details: outcome.rejected.map((r) => r.reason),
    });
  }
  return ok({ imported: records.length, delimiter });
}

/** What an import did: how many records, read with which separator. */
export interface ImportSummary {
  readonly imported: number;
  readonly delimiter: CsvDelimiter;
}

/** A members file read and checked against the hub, nothing written (planMembersImport). */
export interface MembersPlan {
  readonly delimiter: CsvDelimiter;
  /** The members of the rows without problems, in file order. */
  readonly members: readonly Member[];
  /** Every bad row, `line N: problem; problem`, in line order (empty: the file imports). */
  readonly badRows: readonly string[];
  /** What follows the bad rows (the spaces the hub knows, when a home space is unknown). */
  readonly notes: readonly string[];
  /** Members that give a card to another row, so let go of their cards first (decision 0021). */
  readonly givers: ReadonlySet<string>;
}

/**
 * Reads a members CSV (see importMembersCsv) and runs every check of the import against the
 * hub, writing nothing: the preview the console shows, and the import's first half. Fails only
 * when the file cannot be read as a table (no header, a missing column, a ragged row).
 */
export async function planMembersImport(
  store: HubStore,
  text: string,
  now: number,
): Promise<Result<MembersPlan>> {
  const table = parseCsv(
    text,
    ['id', 'displayName', 'homeSpaceId', 'cardIds', 'active'],
    ['preferredLang'],
  );
  if (!table.ok) return table;
  const { rows, delimiter } = table.value;
  const converted = rows.map((row) => ({ row, ...memberOf(row, now) }));
  const lines: MemberLine[] = converted.map(({ row, cards }) => ({
    line: row.line,
    id: (row.values['id'] ?? '').trim(),
    homeSpaceId: (row.values['homeSpaceId'] ?? '').trim(),
    cards,
  }));
  const spaces = await store.liveRecordIds('spaces');
  const holders = await store.cardHolders(cardKeysOfRows(lines));
  const own = new Map(converted.map(({ row, outcome }) => [row.line, outcome.problems ?? []]));
  const bad = badRows(
    rows.map((r) => r.line),
    MEMBER_COLUMNS,
    own,
    repeatedIds(lines),
    unknownSpaceProblems(lines, new Set(spaces)),
    cardClashProblems(lines, holders),
  );
  const isSpaceUnknown = bad.some((b) => b.includes('homeSpaceId: no space'));
  const badLines = new Set(bad.map((b) => Number(/^line (\d+)/.exec(b)?.[1])));
  return ok({
    delimiter,
    members: converted.flatMap(({ row, outcome }) =>
      outcome.record && !badLines.has(row.line) ? [outcome.record] : [],
    ),
    badRows: bad,
    notes: isSpaceUnknown ? [knownSpaces(spaces)] : [],
    givers: cardGivers(lines, holders),
  });
}

/**
 * Imports members from CSV, `,`- or `;`-separated (columns id, displayName, homeSpaceId, cardIds
 * separated by `;`, active; optional preferredLang). Card numbers are normalised and indexed
 * under every derived form. All or nothing: nothing is written when any row is bad, and `details`
 * lists every bad row with every problem of the row — among them a home space the hub does not
 * hold, and a card (in any form) that another row, or a member the hub holds, already has.
 */
export async function importMembersCsv(
  store: HubStore,
  text: string,
  now: number,
): Promise<Result<ImportSummary>> {
  const planned = await planMembersImport(store, text, now);
  if (!planned.ok) return planned;
  const { delimiter, members, badRows: bad, notes, givers } = planned.value;
  if (bad.length > 0) return refusal(delimiter, bad, notes);
  // Members giving a card to another row let go of their cards first (a later stamp gives them
  // back their own): the hub judges a batch in order, and a swap has no order that works.
  const first = members.flatMap((m) =>
    givers.has(m.id) ? [{ ...m, cardIds: [], cardKeys: [] }] : [],
  );
  return write(store, 'members', [first, members], delimiter, now);
}

/**
 * Imports spaces from CSV, `,`- or `;`-separated (columns id, name, city, country, timezone,
 * languages separated by `;`; optional retentionDays, the GDPR retention in days, 30 when empty).
 * All or nothing, every problem of every bad row listed, as importMembersCsv.
 */
export async function importSpacesCsv(
  store: HubStore,
  text: string,
  now: number,
): Promise<Result<ImportSummary>> {
  const table = parseCsv(
    text,
    ['id', 'name', 'city', 'country', 'timezone', 'languages'],
    ['retentionDays'],
  );
  if (!table.ok) return table;
  const { rows, delimiter } = table.value;
  const converted = rows.map((row) => ({ row, outcome: spaceOf(row) }));
  const ids = rows.map((row) => ({ line: row.line, id: (row.values['id'] ?? '').trim() }));
  const own = new Map(converted.map(({ row, outcome }) => [row.line, outcome.problems ?? []]));
  const bad = badRows(
    rows.map((r) => r.line),
    SPACE_COLUMNS,
    own,
    repeatedIds(ids),
  );
  if (bad.length > 0) return refusal(delimiter, bad);
  const spaces = converted.flatMap(({ outcome }) => (outcome.record ? [outcome.record] : []));
  return write(store, 'spaces', [spaces], delimiter, now);
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
