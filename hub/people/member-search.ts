import { readKeys } from '#shared/card/card-id';
import type { Member } from '#shared/domain/types';
import { matchTokens, queryTokens, searchTokens } from '#shared/visitor/search';

/**
 * The console's member search: by name as the kiosk searches people (typo-tolerant prefixes,
 * Belgian particles run together: `vanthof` finds "Van 't Hof"; shared/visitor/search.ts), by
 * card in any form a reader or a person gives it (shared/card), or by exact id. Pure.
 */

/** Members listed per page unless asked otherwise. */
export const MEMBERS_PAGE = 50;

/** How well `member` answers `query`: lower is better; null when it does not. */
export function memberScore(member: Member, query: string): number | null {
  if (member.id === query.trim()) return 0;
  const keys = readKeys(query);
  if (keys.length > 0 && keys.some((k) => member.cardKeys.includes(k))) return 0;
  return matchTokens(queryTokens(query), searchTokens(member.displayName));
}

/** One page of a search: the members, and the cursor of the next page (null at the end). */
export interface MemberPage {
  readonly members: readonly Member[];
  readonly next: string | null;
}

/**
 * The page of `members` that answers `query` (all when it is empty), best first, then by name and
 * id, starting at the opaque `cursor` (an offset into that order; the first page without one).
 */
export function searchMembers(
  members: readonly Member[],
  query: string,
  cursor: number,
  limit: number,
): MemberPage {
  const q = query.trim();
  const hits = members.flatMap((member) => {
    const score = q === '' ? 0 : memberScore(member, q);
    return score === null ? [] : [{ member, score }];
  });
  hits.sort(
    (a, b) =>
      a.score - b.score ||
      a.member.displayName.localeCompare(b.member.displayName) ||
      (a.member.id < b.member.id ? -1 : 1),
  );
  const page = hits.slice(cursor, cursor + limit).map((h) => h.member);
  const end = cursor + page.length;
  return { members: page, next: end < hits.length ? String(end) : null };
}
