import type { CardRead } from '#shared/domain/types';
import type { BindStatus, WalkInDesk } from './walk-in-desk';

/**
 * The walk-in's last step: a spare card tapped is bound to the registered visit. Once `bound`,
 * further reads are ignored; a refused card shows why, a store failure shows as `failed`.
 */
export class SpareCardBinding {
  status = $state<BindStatus>('waiting');

  readonly #desk: Pick<WalkInDesk, 'bindCard'>;

  constructor(desk: Pick<WalkInDesk, 'bindCard'>) {
    this.#desk = desk;
  }

  /** A reader's dropped burst: the visitor is asked to tap again. Ignored once bound. */
  unreadable(): void {
    if (this.status === 'bound') return;
    this.status = 'read-again';
  }

  /** Binds the card of `read` to the visit `visitId`. Ignored once bound; never rejects. */
  async bind(visitId: string, read: CardRead): Promise<void> {
    if (this.status === 'bound') return;
    try {
      const reply = await this.#desk.bindCard(visitId, read);
      if (reply.ok) this.status = 'bound';
      else if (
        reply.error.code === 'card-is-member' ||
        reply.error.code === 'card-in-use' ||
        reply.error.code === 'card-invalid'
      ) {
        this.status = reply.error.code;
      } else this.status = 'failed';
    } catch (e) {
      console.error('card binding failed', e);
      this.status = 'failed';
    }
  }
}
