import type { Visit } from '#shared/domain/types';

/** `a` comes after `b` in a person's visits as IndexedDB orders them: check-in time, then id. */
function isLater(a: Visit, b: Visit): boolean {
  return a.checkInAt > b.checkInAt || (a.checkInAt === b.checkInAt && a.id > b.id);
}

/**
 * "Is this person in", in memory: each member's latest visit at this space among those that began
 * at or after `since` (the horizon) — the visit `latestVisitOf` (queries.ts) finds when it began
 * after the horizon. Visits that began earlier are not held: a tap decides a check-in for them
 * anyway (an open one that old is stale), and the badge flow's commit reads the full history in
 * its transaction (docs/decisions/0010). A member whose latest visit was deleted is `unknown`
 * until the index reloads it from IndexedDB.
 */
export class LatestVisits {
  readonly #spaceId: string;
  readonly #since: number;
  readonly #byMember = new Map<string, Visit>();
  /** visit id → member, for the visits held: a delete names only the visit. */
  readonly #memberOf = new Map<string, string>();
  readonly #unknown = new Set<string>();

  constructor(spaceId: string, since: number) {
    this.#spaceId = spaceId;
    this.#since = since;
  }

  /** The horizon: visits that began before it are not held. */
  get since(): number {
    return this.#since;
  }

  /** The member's latest visit here since the horizon; null when none; undefined when unknown. */
  get(memberId: string): Visit | null | undefined {
    return this.#unknown.has(memberId) ? undefined : (this.#byMember.get(memberId) ?? null);
  }

  /**
   * A visit was stored. Returns the member whose latest visit became unknown (the stored visit
   * was their latest and moved back in time, to another person or place), else undefined.
   */
  put(visit: Visit): string | undefined {
    const heldFor = this.#memberOf.get(visit.id);
    let lost: string | undefined;
    if (heldFor !== undefined) {
      const held = this.#byMember.get(heldFor);
      const isSameSlot =
        visit.personKind === 'member' &&
        visit.personId === heldFor &&
        visit.spaceId === this.#spaceId &&
        held !== undefined &&
        visit.checkInAt >= held.checkInAt;
      if (!isSameSlot) lost = this.#lose(heldFor);
    }
    if (
      visit.personKind !== 'member' ||
      visit.spaceId !== this.#spaceId ||
      visit.checkInAt < this.#since ||
      this.#unknown.has(visit.personId)
    ) {
      return lost;
    }
    const current = this.#byMember.get(visit.personId);
    if (current === undefined || current.id === visit.id || isLater(visit, current)) {
      if (current !== undefined) this.#memberOf.delete(current.id);
      this.#byMember.set(visit.personId, { ...visit });
      this.#memberOf.set(visit.id, visit.personId);
    }
    return lost;
  }

  /** A visit was deleted. Returns the member whose latest visit it was (now unknown), if any. */
  delete(visitId: string): string | undefined {
    const memberId = this.#memberOf.get(visitId);
    return memberId === undefined ? undefined : this.#lose(memberId);
  }

  /** Sets what IndexedDB says is the member's latest visit here since the horizon. */
  set(memberId: string, visit: Visit | null): void {
    this.#drop(memberId);
    this.#unknown.delete(memberId);
    if (visit === null) return;
    this.#byMember.set(memberId, { ...visit });
    this.#memberOf.set(visit.id, memberId);
  }

  #lose(memberId: string): string {
    this.#drop(memberId);
    this.#unknown.add(memberId);
    return memberId;
  }

  #drop(memberId: string): void {
    const held = this.#byMember.get(memberId);
    if (held !== undefined) this.#memberOf.delete(held.id);
    this.#byMember.delete(memberId);
  }
}
