import { randomUUID } from 'node:crypto';
import type { Member, Space, Visit } from '#shared/domain/types';
import type { Mutation } from '#shared/sync/protocol';

/** Test data factories for sync tests. Times are fixed near NOW so stamps are plausible. */

export const NOW = Date.UTC(2025, 2, 10, 9, 0, 0);
export const MONS = 'co-nnexion-mons';
export const LILLE = 'mutualab-lille';

/** An HLC stamp at `ms` (shared/sync/hlc.ts format). */
export function stamp(ms: number, counter = 0, node = 'kiosk-a'): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

export function mutationId(): string {
  return randomUUID();
}

export function visit(over: Partial<Visit> = {}): Visit {
  return {
    id: randomUUID(),
    spaceId: MONS,
    personKind: 'member',
    personId: 'm1',
    method: 'wedge',
    checkInAt: NOW - 3600_000,
    kioskId: 'kiosk-a',
    ...over,
  };
}

/** The space MONS, as the spaces import writes it. */
export function space(over: Partial<Space> = {}): Space {
  return {
    id: MONS,
    name: 'Co-nnexion',
    city: 'Mons',
    country: 'BE',
    timezone: 'Europe/Brussels',
    languages: ['fr', 'nl', 'en'],
    ...over,
  };
}

export function member(over: Partial<Member> = {}): Member {
  return {
    id: 'm1',
    displayName: 'Camille Dubois',
    homeSpaceId: MONS,
    cardIds: ['14008EC793'],
    cardKeys: ['14008EC793'],
    isActive: true,
    updatedAt: NOW - 86_400_000,
    ...over,
  };
}

/** A put mutation of `record` into `table`, stamped at `ms`. */
export function put<T extends { readonly id: string }>(
  table: Mutation['table'],
  record: T,
  ms = NOW - 1000,
  node = 'kiosk-a',
): Mutation & { record: T } {
  return {
    mutationId: mutationId(),
    table,
    op: 'put',
    recordId: record.id,
    record,
    hlc: stamp(ms, 0, node),
  };
}

export function del(
  table: Mutation['table'],
  recordId: string,
  ms = NOW - 1000,
  node = 'kiosk-a',
): Mutation {
  return { mutationId: mutationId(), table, op: 'delete', recordId, hlc: stamp(ms, 0, node) };
}

/** An erasure stamped by `node`: the hub's by default; a kiosk's stamp bears its own id. */
export function erase(
  table: Mutation['table'],
  recordId: string,
  ms = NOW - 1000,
  node = 'hub',
): Mutation {
  return { mutationId: mutationId(), table, op: 'erase', recordId, hlc: stamp(ms, 0, node) };
}
