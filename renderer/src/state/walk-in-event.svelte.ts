import type { AgendaEvent } from '#shared/domain/types';

/**
 * The walk-in's "here for an event on now?" choice (decision 0025): the events of this space on
 * now, read from memory (the desk's `eventsOnNow`, the badge's window and rules: never a
 * cancelled one), and the one chosen; null is "just the workspace", the default. With no event
 * on, `offered` is empty and nothing is asked.
 */
export class WalkInEvent {
  /** The events on now, by start; empty hides the choice. */
  offered = $state<AgendaEvent[]>([]);
  /** The chosen event's id; null: just the workspace. */
  chosenId = $state<string | null>(null);
  /** The chosen event itself, while it is offered. */
  readonly chosen = $derived(this.offered.find((e) => e.id === this.chosenId) ?? null);

  readonly #onNow: () => AgendaEvent[];

  /** `onNow` lists the events on at this instant; it must not touch IndexedDB. */
  constructor(onNow: () => AgendaEvent[]) {
    this.#onNow = onNow;
    this.refresh();
  }

  /**
   * Reads the events on now again (the visit step opens, a registration was refused). A chosen
   * event that is no longer offered (ended, cancelled by a sync) falls back to the workspace.
   */
  refresh(): void {
    this.offered = this.#onNow();
    if (!this.offered.some((e) => e.id === this.chosenId)) this.chosenId = null;
  }

  /** Chooses an offered event, or the workspace (null); an id not offered is ignored. */
  choose(id: string | null): void {
    if (id === null || this.offered.some((e) => e.id === id)) this.chosenId = id;
  }
}
