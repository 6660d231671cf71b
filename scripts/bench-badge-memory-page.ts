/// <reference lib="dom" />
/**
 * The page side of `scripts/bench-badge-memory.ts`: builds one way of holding the bench's members
 * in memory (scripts/bench-badge-people.ts, card keys from the app's enrolmentKeys) and keeps it
 * reachable, so the JS heap can be measured with it and without it.
 */
import { enrolmentKeys } from '#shared/card/card-id';
import type { Member } from '#shared/domain/types';
import { MemberCards, cardBucket } from '#renderer/lib/badge/member-cards';
import { cardsOf, memberOf } from './bench-badge-people';

/** How members are held: objects by every key, objects by bucket, or the app's columns. */
export type Layout = 'objects-by-key' | 'objects-by-bucket' | 'columns-by-bucket';

/** What the bundle puts on `globalThis.memoryBench`. */
export interface MemoryBenchPage {
  /** Builds `layout` for members [0, count) and keeps it; resolves with its entry count. */
  build(args: { layout: Layout; count: number }): { entries: number };
  /** Drops what build kept. */
  drop(): void;
}

let kept: unknown = null;

// Structured clone, as IndexedDB hands records over: every string a fresh copy.
function stored(i: number): Member {
  const keys = cardsOf(i).flatMap((c) => enrolmentKeys(c.id, c.kind));
  return structuredClone({ ...memberOf(i), cardKeys: [...new Set(keys)] });
}

const page: MemoryBenchPage = {
  build({ layout, count }) {
    if (layout === 'columns-by-bucket') {
      const cards = new MemberCards();
      for (let i = 0; i < count; i++) cards.put(stored(i));
      kept = cards;
      return { entries: cards.bucketCount };
    }
    const index = new Map<string | number, Member | Member[]>();
    for (let i = 0; i < count; i++) {
      const m = stored(i);
      const slots =
        layout === 'objects-by-key' ? m.cardKeys : [...new Set(m.cardKeys.map(cardBucket))];
      for (const slot of slots) {
        const held = index.get(slot);
        index.set(slot, held === undefined ? m : Array.isArray(held) ? [...held, m] : [held, m]);
      }
    }
    kept = index;
    return { entries: index.size };
  },
  drop() {
    kept = null;
  },
};

(globalThis as unknown as { memoryBench: MemoryBenchPage; kept: () => unknown }).memoryBench = page;
(globalThis as unknown as { kept: () => unknown }).kept = () => kept;
