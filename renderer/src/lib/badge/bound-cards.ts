import type { Visit } from '#shared/domain/types';
import { boundCardKeys } from '../db/derived-index';

/**
 * Spare cards bound to visitors, in memory: the open visitor visits at this space that carry a
 * card, under every key of that card (derived-index.ts `boundCardKeys`, the keys IndexedDB files
 * them under). A visit leaves as soon as it closes, is unbound or goes: that frees the card.
 */
export class BoundCards {
  readonly #spaceId: string;
  readonly #visits = new Map<string, { visit: Visit; keys: string[] }>();
  readonly #byKey = new Map<string, Set<string>>();

  constructor(spaceId: string) {
    this.#spaceId = spaceId;
  }

  /** How many visits hold a card now. */
  get size(): number {
    return this.#visits.size;
  }

  /** A visit was stored: it holds its card while open here, and no longer otherwise. */
  put(visit: Visit): void {
    this.delete(visit.id);
    const keys = visit.spaceId === this.#spaceId ? boundCardKeys(visit) : [];
    if (keys.length === 0) return;
    this.#visits.set(visit.id, { visit: { ...visit }, keys });
    for (const key of keys) {
      const ids = this.#byKey.get(key) ?? new Set<string>();
      ids.add(visit.id);
      this.#byKey.set(key, ids);
    }
  }

  /** A visit was deleted. */
  delete(visitId: string): void {
    const held = this.#visits.get(visitId);
    if (held === undefined) return;
    this.#visits.delete(visitId);
    for (const key of held.keys) {
      const ids = this.#byKey.get(key);
      ids?.delete(visitId);
      if (ids?.size === 0) this.#byKey.delete(key);
    }
  }

  /**
   * The open visit holding the card a read's `keys` name: the first key, in order, that some
   * visit holds decides; when two visits hold it neither is chosen (null), as the walk-in desk
   * decides over IndexedDB (visitor-desk.ts).
   */
  find(keys: readonly string[]): Visit | null {
    for (const key of new Set(keys)) {
      const ids = this.#byKey.get(key);
      if (ids === undefined || ids.size === 0) continue;
      if (ids.size > 1) return null;
      const [id] = ids;
      return (id === undefined ? undefined : this.#visits.get(id)?.visit) ?? null;
    }
    return null;
  }
}
