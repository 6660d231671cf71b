import type { Member, Visitor } from '#shared/domain/types';
import { maskEmail, maskName } from '#shared/visitor/masking';
import {
  exactPrefixes,
  matchTokens,
  queryIndexKeys,
  queryTokens,
  searchTokens,
} from '#shared/visitor/search';
import type { KioskDb } from '../db/kiosk-db';

/** A returning visitor as the search shows them: masked, with the id to re-use the record. */
export interface VisitorMatch {
  id: string;
  /** `Marie D…` */
  maskedName: string;
  /** `m***@e…`, or '' without an email. */
  maskedEmail: string;
  score: number;
}

/** A member someone comes to meet. */
export interface MemberMatch {
  id: string;
  displayName: string;
  homeSpaceId: string;
  score: number;
}

/** Most results a search returns: enough to pick from, too few to browse the table. */
export const SEARCH_LIMIT = 6;

async function candidates<T extends { id: string }>(
  probe: (key: string) => Promise<T[]>,
  keys: string[],
): Promise<T[]> {
  // One `equals` probe per key (see queries.ts: Dexie's anyOf walks the whole key range).
  const found = await Promise.all(keys.map(probe));
  const byId = new Map<string, T>();
  for (const row of found.flat()) byId.set(row.id, row);
  return [...byId.values()];
}

function ranked<T>(rows: readonly { row: T; score: number; label: string }[]): T[] {
  return [...rows]
    .sort((a, b) => a.score - b.score || a.label.localeCompare(b.label))
    .slice(0, SEARCH_LIMIT)
    .map((r) => r.row);
}

/** Rows the typo tier may read before it gives up looking for more (see searchVisitors). */
export const TYPO_READ_BUDGET = 600;

/** The ids of the records holding a key that starts with `prefix`, from the index only. */
async function idsInRange(db: KioskDb, prefix: string): Promise<Set<string>> {
  return new Set(await db.visitors.where('searchKeys').startsWith(prefix).primaryKeys());
}

/**
 * Returning visitors whose first name, last name or email matches `query` (typo-tolerant prefix
 * match, shared/visitor/search, natural forms of names included: `d'ho`, `vant`), best first, at
 * most SEARCH_LIMIT, masked. [] when the query has fewer than three letters in a word: the list
 * can never be browsed. Rejects only when the database does.
 *
 * Query plan (50 000 visitors: bench:walkin; IndexedDB costs about as much per entry to count as
 * to read keys, so nothing is counted). Exact tier: every exact (score 0) match holds a `t:` key
 * in the prefix range of each long word (exactPrefixes). A one-word query reads its range, 48 rows
 * at most: all of them match exactly, and fewer than 48 means every exact match is found. Otherwise
 * the ids in the range of the longest word are read from the index; with a second word, 64 of
 * their records are read first (enough when that word is common: "Arthur Van") and the rest is
 * intersected with the second word's range, from the index alone; the records left are read in
 * chunks until SEARCH_LIMIT exact matches. A word that starts no name ("Nicolb") has an empty
 * range: no record is read for it. Typo tier, only when fewer than SEARCH_LIMIT matched (and, for
 * several words, none matched exactly: "Marie Dup" naming someone is taken at its word): the
 * query's keys (queryIndexKeys, complete for one-edit matches; the broad `d:` keys last) are read
 * until SEARCH_LIMIT matches or TYPO_READ_BUDGET rows, so a typo in a common start finds what that
 * many rows hold, and one more letter narrows it. Among equal scores results are sorted by name,
 * but which equals are found first follows the index (a common name needs more letters anyway).
 */
export async function searchVisitors(db: KioskDb, query: string): Promise<VisitorMatch[]> {
  const keys = queryIndexKeys(query);
  if (keys.length === 0) return [];
  const q = queryTokens(query);
  const found = new Map<string, { row: Visitor; score: number; label: string }>();
  const seen = new Set<string>();
  let exact = 0;
  const take = (rows: readonly (Visitor | undefined)[]): boolean => {
    for (const v of rows) {
      if (v === undefined || seen.has(v.id)) continue;
      seen.add(v.id);
      const score = matchTokens(q, searchTokens(v.firstName, v.lastName, v.email));
      if (score === null) continue;
      found.set(v.id, { row: v, score, label: `${v.lastName} ${v.firstName}` });
      if (score === 0) exact += 1;
    }
    return exact >= SEARCH_LIMIT;
  };
  await db.transaction('r', db.visitors, async () => {
    const prefixes = exactPrefixes(query);
    const [longest] = prefixes;
    let isRangeRead = false;
    if (q.length === 1 && longest !== undefined) {
      const start = await db.visitors.where('searchKeys').startsWith(longest).limit(48).toArray();
      if (take(start)) return;
      // Fewer rows than asked: the range was read whole, every exact match is in hand.
      isRangeRead = start.length < 48;
    }
    const [, second] = prefixes;
    if (!isRangeRead && longest !== undefined) {
      let unseen = [...(await idsInRange(db, longest))].filter((id) => !seen.has(id));
      if (second !== undefined && unseen.length > 64) {
        // One chunk first: a common second word ("Arthur Van") is settled by it, without
        // reading that word's range, the largest of all (every Van…, Ver…).
        if (take(await db.visitors.bulkGet(unseen.slice(0, 64)))) return;
        const inSecond = await idsInRange(db, second);
        unseen = unseen.slice(64).filter((id) => inSecond.has(id));
      }
      // In chunks: a short second word ("emilie.r") leaves many candidates, few of them exact.
      for (let i = 0; i < unseen.length; i += 64) {
        if (take(await db.visitors.bulkGet(unseen.slice(i, i + 64)))) return;
      }
    }
    // Several words that name someone exactly are taken at their word: no typo variants added.
    if (exact >= SEARCH_LIMIT || (q.length > 1 && exact > 0)) return;
    let fetched = 0;
    const ordered = [...keys].sort(
      (a, b) => Number(a.startsWith('d:')) - Number(b.startsWith('d:')),
    );
    for (const key of ordered) {
      if (found.size >= SEARCH_LIMIT || fetched >= TYPO_READ_BUDGET) return;
      // A first look of 64 rows, then (re-read from the start: no cursor walk) up to the budget.
      for (const step of [64, TYPO_READ_BUDGET]) {
        const limit = Math.min(step, TYPO_READ_BUDGET - fetched);
        const rows = await db.visitors.where('searchKeys').equals(key).limit(limit).toArray();
        take(rows);
        // Rows already seen cost a read too: the budget counts every row fetched.
        fetched += rows.length;
        if (rows.length < limit || found.size >= SEARCH_LIMIT || fetched >= TYPO_READ_BUDGET) break;
      }
    }
  });
  const scored = [...found.values()];
  const scoreOf = new Map(scored.map((s) => [s.row.id, s.score]));
  return ranked(scored).map((v) => ({
    id: v.id,
    maskedName: maskName(v.firstName, v.lastName),
    maskedEmail: maskEmail(v.email ?? ''),
    score: scoreOf.get(v.id) ?? 0,
  }));
}

/**
 * Active members whose display name matches `query` (as searchVisitors), best first, at most
 * SEARCH_LIMIT. [] below three letters. Rejects only when the database does.
 */
export async function searchMembers(db: KioskDb, query: string): Promise<MemberMatch[]> {
  const keys = queryIndexKeys(query);
  if (keys.length === 0) return [];
  const q = queryTokens(query);
  const rows = await db.transaction('r', db.members, () =>
    candidates<Member>((k) => db.members.where('searchKeys').equals(k).toArray(), keys),
  );
  const scored = rows.flatMap((m) => {
    const score = m.isActive ? matchTokens(q, searchTokens(m.displayName)) : null;
    return score === null ? [] : [{ row: m, score, label: m.displayName }];
  });
  const scoreOf = new Map(scored.map((s) => [s.row.id, s.score]));
  return ranked(scored).map((m) => ({
    id: m.id,
    displayName: m.displayName,
    homeSpaceId: m.homeSpaceId,
    score: scoreOf.get(m.id) ?? 0,
  }));
}
