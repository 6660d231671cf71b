import type { AgendaEvent } from '#shared/domain/types';

/** An occurrence with plausible defaults (Co-nnexion, held in French, an hour long). */
export function anEvent(over: Partial<AgendaEvent> & Pick<AgendaEvent, 'id'>): AgendaEvent {
  const startsAt = over.startsAt ?? Date.UTC(2026, 2, 3, 9);
  return {
    spaceId: 'co-nnexion-mons',
    uid: `${over.id}@test`,
    startsAt,
    endsAt: startsAt + 3_600_000,
    allDay: false,
    lang: 'fr',
    title: { fr: `Événement ${over.id}` },
    status: 'confirmed',
    updatedAt: 1,
    ...over,
  };
}
