import type { KioskConfig } from '#shared/config/kiosk-config';
import type { AgendaState } from './agenda-state.svelte';
import type { KioskStateDeps } from './kiosk-deps';

/**
 * The kiosk's hold on the agenda screen: its state while it is open, built and loaded on opening
 * (so the screen never shows empty) and disposed on closing.
 */
export class AgendaSlot {
  /** The agenda screen's state while it is open; null otherwise. */
  agenda = $state<AgendaState | null>(null);

  readonly #create: KioskStateDeps['createAgenda'];

  /** Without `create` there is no agenda: opening does nothing. */
  constructor(create: KioskStateDeps['createAgenda']) {
    this.#create = create;
  }

  /**
   * Builds the agenda for `timeZone` and loads its first page; keeps it only if `isStillWanted()`
   * then (a card read or the host may have changed the screen meanwhile), else disposes it. A
   * failed load is logged. Resolves whether the agenda is open now; never rejects.
   */
  async open(
    config: KioskConfig,
    timeZone: string,
    isStillWanted: () => boolean,
  ): Promise<boolean> {
    const create = this.#create;
    if (!create) return false;
    let agenda: AgendaState;
    try {
      agenda = await create(config, timeZone);
      await agenda.open();
    } catch (e) {
      console.error('agenda unavailable', e);
      return false;
    }
    if (!isStillWanted()) {
      agenda.dispose();
      return false;
    }
    this.agenda = agenda;
    return true;
  }

  /** Disposes the open agenda, if any. */
  close(): void {
    this.agenda?.dispose();
    this.agenda = null;
  }
}
