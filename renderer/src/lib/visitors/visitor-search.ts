import type { Member, Visitor } from '../../../../shared/domain/types';
import { maskEmail, maskName } from '../../../../shared/visitor/masking';
import {
  matchTokens,
  queryIndexKeys,
  queryTokens,
  searchTokens,
} from '../../../../shared/visitor/search';
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

/**
 * Returning visitors whose first name, last name or email matches `query` (typo-tolerant prefix
 * match, shared/visitor/search), best first, at most SEARCH_LIMIT, masked. [] when the query has
 * fewer than three letters in a word: the list can never be browsed. Rejects only when the
 * database does.
 */
export async function searchVisitors(db: KioskDb, query: string): Promise<VisitorMatch[]> {
  const keys = queryIndexKeys(query);
  if (keys.length === 0) return [];
  const q = queryTokens(query);
  const rows = await db.transaction('r', db.visitors, () =>
    candidates<Visitor>((k) => db.visitors.where('searchKeys').equals(k).toArray(), keys),
  );
  const scored = rows.flatMap((v) => {
    const score = matchTokens(q, searchTokens(v.firstName, v.lastName, v.email));
    return score === null ? [] : [{ row: v, score, label: `${v.lastName} ${v.firstName}` }];
  });
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
