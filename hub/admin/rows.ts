import type { z } from 'zod';
import { enrolmentKeys, normalizeCardInput } from '#shared/card/card-id';
import { LANGS, type Lang, type Member, type Space } from '#shared/domain/types';
import { MemberSchema, SpaceSchema } from '#shared/sync/protocol-records';
import type { CsvRow } from './csv';

/**
 * One CSV row → one record, with **every** problem of the row, in column order (an operator fixes
 * a row once, not once per problem). Problems name a column (and a card's position), never the
 * cell's content: the file may not be what the operator meant to import.
 */

/** One problem of a row, with the column it is about (problems are listed in column order). */
export interface Problem {
  readonly column: string;
  readonly text: string;
}

/** A row's record when it has no problem, else its problems (never both). */
export type RowOutcome<T> =
  | { readonly record: T; readonly problems?: undefined }
  | { readonly record?: undefined; readonly problems: readonly Problem[] };

/** The members CSV's columns, in the order a row's problems are listed. */
export const MEMBER_COLUMNS = [
  'id',
  'displayName',
  'homeSpaceId',
  'cardIds',
  'cardKeys',
  'active',
  'preferredLang',
] as const;

/** The spaces CSV's columns, in the order a row's problems are listed. */
export const SPACE_COLUMNS = [
  'id',
  'name',
  'city',
  'country',
  'timezone',
  'languages',
  'retentionDays',
] as const;

/** `problems`' texts in `columns` order; problems of one column keep their order. */
export function inColumnOrder(problems: readonly Problem[], columns: readonly string[]): string[] {
  const rank = (p: Problem) => columns.indexOf(p.column);
  return [...problems].sort((a, b) => rank(a) - rank(b)).map((p) => p.text);
}

/** A member row's cards: canonical ids and, per card, its keys (most specific first). */
export interface MemberCards {
  readonly canonical: readonly string[];
  readonly keysByCard: readonly (readonly string[])[];
}

function truthy(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n', ''].includes(v)) return false;
  return undefined;
}

/** A list cell (cards, languages): `;`-separated, blanks dropped. */
function list(raw: string): string[] {
  return raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A schema issue in an operator's words: "displayName is empty", else zod's sentence. */
function issueProblem(issue: z.core.$ZodIssue): Problem {
  const column = String(issue.path[0] ?? '');
  const where = issue.path.join('.');
  const isEmpty = issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1;
  return { column, text: isEmpty ? `${where} is empty` : `${where}: ${issue.message}` };
}

function schemaProblems(result: z.ZodSafeParseResult<unknown>): Problem[] {
  return result.success ? [] : result.error.issues.map(issueProblem);
}

/** The cards of a `cardIds` cell, or the problem of each bad one. */
export function cardsOf(raw: string): { cards: MemberCards; problems: Problem[] } {
  const canonical: string[] = [];
  const keysByCard: string[][] = [];
  const problems: Problem[] = [];
  for (const [i, item] of list(raw).entries()) {
    const card = normalizeCardInput(item);
    if (!card.ok) {
      problems.push({
        column: 'cardIds',
        text: `cardIds, card ${i + 1}: ${card.error.message.replace(/\.$/, '')}`,
      });
      continue;
    }
    canonical.push(card.value.canonical);
    keysByCard.push(enrolmentKeys(card.value.canonical, card.value.kind));
  }
  return { cards: { canonical, keysByCard }, problems };
}

/**
 * A member from a row of the members CSV (id, displayName, homeSpaceId, cardIds, active,
 * optional preferredLang), its cards indexed under every derived form, stamped `now`; with the
 * row's cards for the cross-row checks (member-checks.ts).
 */
export function memberOf(
  row: CsvRow,
  now: number,
): { outcome: RowOutcome<Member>; cards: MemberCards } {
  const v = row.values;
  const { cards, problems: cardProblems } = cardsOf(v['cardIds'] ?? '');
  const isActive = truthy(v['active'] ?? '');
  const lang = (v['preferredLang'] ?? '').trim();
  const candidate = {
    id: (v['id'] ?? '').trim(),
    displayName: (v['displayName'] ?? '').trim(),
    homeSpaceId: (v['homeSpaceId'] ?? '').trim(),
    cardIds: [...cards.canonical],
    cardKeys: [...new Set(cards.keysByCard.flat())],
    ...(lang ? { preferredLang: lang } : {}),
    isActive: isActive ?? false,
    updatedAt: now,
  };
  const parsed = MemberSchema.safeParse(candidate);
  const problems = [
    ...schemaProblems(parsed),
    ...cardProblems,
    ...(isActive === undefined ? [{ column: 'active', text: 'active must be true or false' }] : []),
  ];
  if (!parsed.success || problems.length > 0) return { outcome: { problems }, cards };
  return { outcome: { record: parsed.data }, cards };
}

/** An empty cell leaves the default; anything else must be a whole number (the schema checks). */
function retentionOf(raw: string): { retentionDays?: number } {
  const v = raw.trim();
  return v === '' ? {} : { retentionDays: /^\d+$/.test(v) ? Number(v) : Number.NaN };
}

/**
 * A space from a row of the spaces CSV (id, name, city, country, timezone, languages, optional
 * retentionDays).
 */
export function spaceOf(row: CsvRow): RowOutcome<Space> {
  const v = row.values;
  const languages = list(v['languages'] ?? '');
  const unknown = languages.filter((l) => !(LANGS as readonly string[]).includes(l));
  const candidate = {
    id: (v['id'] ?? '').trim(),
    name: (v['name'] ?? '').trim(),
    city: (v['city'] ?? '').trim(),
    country: (v['country'] ?? '').trim().toUpperCase(),
    timezone: (v['timezone'] ?? '').trim(),
    // Unknown languages are named once, below, not once more by the schema.
    languages: unknown.length > 0 ? ['fr'] : languages,
    ...retentionOf(v['retentionDays'] ?? ''),
  };
  const parsed = SpaceSchema.safeParse(candidate);
  const problems = schemaProblems(parsed);
  if (unknown.length > 0) {
    problems.push({ column: 'languages', text: `languages: only ${LANGS.join(', ')}` });
  }
  if (!parsed.success || problems.length > 0) return { problems };
  return { record: { ...parsed.data, languages: languages as Lang[] } };
}
