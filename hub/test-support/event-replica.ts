import type { AgendaEvent } from '#shared/domain/types';
import { PROTOCOL_VERSION, type Change } from '#shared/sync/protocol';
import { post } from './http';

/**
 * A kiosk's copy of the agenda, kept by pulling the real hub over HTTP as a kiosk does: puts
 * replace an event, deletes remove it. `pull()` resolves with the `events` changes it applied.
 */
export class EventReplica {
  readonly events = new Map<string, AgendaEvent>();
  private cursor = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Pulls every page after the cursor; rejects on any answer but 200. */
  async pull(): Promise<Change[]> {
    const seen: Change[] = [];
    for (;;) {
      const reply = await post(
        `${this.url}/v1/sync/pull`,
        { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor: this.cursor, limit: 1000 },
        { token: this.token },
      );
      if (reply.status !== 200) throw new Error(`pull failed: ${reply.status}`);
      const page = reply.body as unknown as { changes: Change[]; cursor: number; hasMore: boolean };
      for (const c of page.changes) {
        if (c.table !== 'events') continue;
        seen.push(c);
        if (c.op === 'put') this.events.set(c.recordId, c.record as AgendaEvent);
        else this.events.delete(c.recordId);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return seen;
    }
  }

  /** The events held, by start then id. */
  list(): AgendaEvent[] {
    return [...this.events.values()].sort(
      (a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1),
    );
  }
}
