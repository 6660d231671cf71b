import { RecordIdSchema } from '#shared/sync/protocol-records';
import { clashMessage, sameFormOf } from '../sync/card-claims';
import type { MemberCards, Problem } from './rows';

/**
 * The checks of a members import that look past one row (decision 0021): the home space must be
 * a space of the hub, and no card, in any of its derived forms, may belong to two members —
 * within the file, or a file's member and one the hub already holds (of any space: a member is
 * recognised at every space of the network). A tap on such a card would be ambiguous.
 */

/** What the checks need of one row of the file. */
export interface MemberLine {
  readonly line: number;
  /** The row's member id as written (trimmed); it may itself be invalid. */
  readonly id: string;
  readonly homeSpaceId: string;
  readonly cards: MemberCards;
}

/** The problems of the rows whose home space is not among `knownSpaces`, by line. */
export function unknownSpaceProblems(
  rows: readonly MemberLine[],
  knownSpaces: ReadonlySet<string>,
): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  for (const row of rows) {
    // A malformed id is the schema's to report; an id-shaped one is named, being an id.
    if (!RecordIdSchema.safeParse(row.homeSpaceId).success) continue;
    if (knownSpaces.has(row.homeSpaceId)) continue;
    out.set(row.line, [
      { column: 'homeSpaceId', text: `homeSpaceId: no space ${row.homeSpaceId} on this hub` },
    ]);
  }
  return out;
}

/** Every card key of the file's rows, for one look-up of their holders. */
export function cardKeysOfRows(rows: readonly MemberLine[]): string[] {
  return [...new Set(rows.flatMap((r) => r.cards.keysByCard.flat()))];
}

/**
 * The problems of the cards that clash, by line. `holders` maps the keys the hub's members hold
 * to their member; a holder the file rewrites is judged by its row instead (the file may move a
 * card from one member to another). A card is reported once, under its most specific shared key.
 */
export function cardClashProblems(
  rows: readonly MemberLine[],
  holders: ReadonlyMap<string, string>,
): Map<number, Problem[]> {
  const inFile = new Set(rows.map((r) => r.id));
  const seen = new Map<string, { line: number; card: number; id: string }>();
  const out = new Map<number, Problem[]>();
  const report = (line: number, text: string) => {
    out.set(line, [...(out.get(line) ?? []), { column: 'cardIds', text }]);
  };
  for (const row of rows) {
    for (const [i, keys] of row.cards.keysByCard.entries()) {
      const where = `cardIds, card ${i + 1}`;
      const earlier = keys
        .map((k) => ({ k, at: seen.get(k) }))
        .find((x) => x.at && x.at.id !== row.id);
      const stored = keys
        .map((k) => ({ k, holder: holders.get(k) }))
        .find((x) => x.holder !== undefined && x.holder !== row.id && !inFile.has(x.holder));
      if (earlier?.at) {
        report(
          row.line,
          `${where}: the same card as line ${earlier.at.line}, card ${earlier.at.card} (${sameFormOf(earlier.k)})`,
        );
      } else if (stored?.holder !== undefined) {
        const clash = { memberId: row.id, holderId: stored.holder, cardKey: stored.k };
        report(row.line, `${where}: ${clashMessage(clash)}`);
      }
      for (const k of keys)
        if (!seen.has(k)) seen.set(k, { line: row.line, card: i + 1, id: row.id });
    }
  }
  return out;
}

/**
 * The members of the file that hold, in the hub, a card another row of the file takes: they give
 * it up in a first write (decision 0021), so the import may move or swap cards between members.
 */
export function cardGivers(
  rows: readonly MemberLine[],
  holders: ReadonlyMap<string, string>,
): Set<string> {
  const inFile = new Set(rows.map((r) => r.id));
  const givers = new Set<string>();
  for (const row of rows) {
    for (const key of row.cards.keysByCard.flat()) {
      const holder = holders.get(key);
      if (holder !== undefined && holder !== row.id && inFile.has(holder)) givers.add(holder);
    }
  }
  return givers;
}
