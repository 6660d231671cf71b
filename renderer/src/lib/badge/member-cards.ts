import type { Lang, Member } from '#shared/domain/types';
import type { MemberLookup } from '../db/queries';
import { pack, packedHas, unpack, type Packed } from './packed-strings';

/**
 * The bucket a card key is filed under in memory: the low 24 bits of the card number the key
 * names. Every derived form of one card (`hex:`, `uid:`, `u32:`, `w24:` in shared/card/card-id.ts)
 * carries those bits, so an EM4100 card's keys share ONE bucket and a UID's two (its bytes in
 * either order) — instead of one index entry per key. Any other key falls into a hashed bucket
 * of its own. Correctness does not depend on the grouping (a key always maps to the same bucket,
 * and candidates are checked against their exact keys); memory does (docs/decisions/0010).
 */
export function cardBucket(key: string): number {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const value = key.slice(colon + 1);
  if ((kind === 'hex' || kind === 'uid') && /^[0-9A-F]{6,20}$/.test(value)) {
    return parseInt(value.slice(-6), 16);
  }
  if ((kind === 'u32' || kind === 'w24') && /^\d{1,10}$/.test(value)) {
    return Number(value) % 0x100_0000;
  }
  // FNV-1a; negative so it never meets a card number, and small enough to stay a V8 small integer.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return -1 - ((hash >>> 0) % 0x2000_0000);
}

/**
 * Every member, by card, in memory: what the badge flow decides from without waiting for
 * IndexedDB. Members are held in columns (one array per field, home spaces and languages shared)
 * rather than as 200 000 objects, and card keys in buckets (cardBucket) rather than one map entry
 * per key; a member comes back as a Member equal to the stored record. Lookups give exactly what
 * `findMembersByReadKeys` gives over IndexedDB (queries.ts). Not thread-safe by design: the page
 * has one thread.
 */
export class MemberCards {
  readonly #slotOf = new Map<string, number>();
  readonly #free: number[] = [];
  readonly #buckets = new Map<number, number | number[]>();
  readonly #shared = new Map<string, string>();
  readonly #ids: (string | undefined)[] = [];
  readonly #names: string[] = [];
  readonly #homes: string[] = [];
  readonly #langs: (Lang | undefined)[] = [];
  readonly #active: boolean[] = [];
  readonly #updated: number[] = [];
  readonly #cardIds: Packed[] = [];
  readonly #cardKeys: Packed[] = [];

  /** How many members are held. */
  get size(): number {
    return this.#slotOf.size;
  }

  /** How many buckets hold someone: the index's entries, for tests and memory figures. */
  get bucketCount(): number {
    return this.#buckets.size;
  }

  /** Stores or replaces a member (by id), refiling its card keys. */
  put(m: Member): void {
    const old = this.#slotOf.get(m.id);
    if (old !== undefined) this.#unfile(old);
    const slot = old ?? this.#free.pop() ?? this.#ids.length;
    this.#slotOf.set(m.id, slot);
    this.#ids[slot] = m.id;
    this.#names[slot] = m.displayName;
    this.#homes[slot] = this.#share(m.homeSpaceId);
    this.#langs[slot] = m.preferredLang;
    this.#active[slot] = m.isActive;
    this.#updated[slot] = m.updatedAt;
    this.#cardIds[slot] = pack(m.cardIds);
    this.#cardKeys[slot] = pack(m.cardKeys);
    for (const bucket of new Set(m.cardKeys.map(cardBucket))) this.#file(bucket, slot);
  }

  /** Forgets a member; unknown ids are ignored. */
  delete(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#unfile(slot);
    this.#slotOf.delete(id);
    this.#ids[slot] = undefined;
    this.#names[slot] = this.#homes[slot] = '';
    this.#cardIds[slot] = this.#cardKeys[slot] = '';
    this.#free.push(slot);
  }

  /** The member with this id, as stored; undefined when not held. */
  get(id: string): Member | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#memberAt(slot);
  }

  /**
   * The member a read belongs to; `keys` are the read's keys, most specific first (readKeys).
   * The first key some member holds decides: one holder → match, several → ambiguous (the host
   * decides, never a guess). No key held → none.
   */
  find(keys: readonly string[]): MemberLookup {
    for (const key of new Set(keys)) {
      const holders = this.#holders(key);
      const [first] = holders;
      if (first === undefined) continue;
      if (holders.length === 1) return { kind: 'match', member: this.#memberAt(first), key };
      const memberIds = holders.map((slot) => this.#ids[slot] ?? '').sort();
      return { kind: 'ambiguous', key, memberIds };
    }
    return { kind: 'none' };
  }

  #holders(key: string): number[] {
    const filed = this.#buckets.get(cardBucket(key));
    if (filed === undefined) return [];
    const slots = typeof filed === 'number' ? [filed] : filed;
    return slots.filter((slot) => packedHas(this.#cardKeys[slot] ?? '', key));
  }

  #memberAt(slot: number): Member {
    const lang = this.#langs[slot];
    return {
      id: this.#ids[slot] ?? '',
      displayName: this.#names[slot] ?? '',
      homeSpaceId: this.#homes[slot] ?? '',
      cardIds: unpack(this.#cardIds[slot] ?? ''),
      cardKeys: unpack(this.#cardKeys[slot] ?? ''),
      ...(lang === undefined ? {} : { preferredLang: lang }),
      isActive: this.#active[slot] ?? false,
      updatedAt: this.#updated[slot] ?? 0,
    };
  }

  // A few space ids repeat 200 000 times: one string each instead of one per member.
  #share(text: string): string {
    const known = this.#shared.get(text);
    if (known !== undefined) return known;
    this.#shared.set(text, text);
    return text;
  }

  #file(bucket: number, slot: number): void {
    const filed = this.#buckets.get(bucket);
    if (filed === undefined) this.#buckets.set(bucket, slot);
    else if (typeof filed === 'number') this.#buckets.set(bucket, [filed, slot]);
    else filed.push(slot);
  }

  #unfile(slot: number): void {
    for (const bucket of new Set(unpack(this.#cardKeys[slot] ?? '').map(cardBucket))) {
      const filed = this.#buckets.get(bucket);
      const rest =
        typeof filed === 'object' ? filed.filter((s) => s !== slot) : filed === slot ? [] : null;
      if (rest === null) continue;
      const [only] = rest;
      if (only === undefined) this.#buckets.delete(bucket);
      else this.#buckets.set(bucket, rest.length === 1 ? only : rest);
    }
  }
}
