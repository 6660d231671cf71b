import { bestCardMatch, readKeys } from '#shared/card/card-id';
import type { SetupTestTap } from '#shared/ipc/setup';
import { err, ok, type Result } from '#shared/result';
import { MemberSchema } from '#shared/sync/protocol-records';
import type { HubClient } from '../hub-client/hub-client';
import { setupError } from './hub-setup';

/**
 * The setup's test tap (docs/decisions/0043): which member a card belongs to, from the hub's own
 * pull of `members` with the credential enrolment gave (held in memory, nothing written). The
 * first lookup pulls from the start; each later one only what changed since (members imported
 * while the installer waits are found). Only a first name leaves this module.
 */

/** What the tester keeps of a member: enough to match a card and greet. */
interface HeldMember {
  readonly cardKeys: readonly string[];
  readonly displayName: string;
  readonly isActive: boolean;
}

/** At most this many pull pages per lookup (as many as listing the spaces may read). */
const MAX_PAGES = 40;
const PAGE = 500;

/** The first word of a display name ("Marie Dupont" → "Marie"). */
export function firstNameOf(displayName: string): string {
  return displayName.trim().split(/\s+/u)[0] ?? displayName;
}

export interface CardTester {
  /** The member `cardId` belongs to; a hub that cannot be reached gives `setup-hub-unreachable`. */
  lookup(cardId: string): Promise<Result<SetupTestTap>>;
}

export function createCardTester(client: HubClient): CardTester {
  const members = new Map<string, HeldMember>();
  let cursor = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function catchUp(): Promise<Result<null>> {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const reply = await client.pull({ cursor, limit: PAGE });
      if (!reply.ok) return err(setupError(reply.error));
      for (const change of reply.value.changes) {
        if (change.table !== 'members') continue;
        const member = change.op === 'put' ? MemberSchema.safeParse(change.record) : null;
        if (member?.success === true) {
          const { cardKeys, displayName, isActive } = member.data;
          members.set(change.recordId, { cardKeys, displayName, isActive });
        } else {
          members.delete(change.recordId);
        }
      }
      cursor = reply.value.cursor;
      if (!reply.value.hasMore) break;
    }
    return ok(null);
  }

  async function lookup(cardId: string): Promise<Result<SetupTestTap>> {
    const caught = await catchUp();
    if (!caught.ok) return caught;
    const active = [...members.values()].filter((m) => m.isActive);
    const match = bestCardMatch(readKeys(cardId), active);
    // The hub refuses two members with one card number, so a read is never ambiguous with its
    // data; were it, no one is greeted rather than the wrong person.
    if (!match.ok || match.value === null) return ok({ result: 'unknown' });
    return ok({ result: 'member', firstName: firstNameOf(match.value.displayName) });
  }

  return {
    // One lookup at a time: a serial tap and a wedge tap share the cursor.
    lookup(cardId) {
      const run = queue.then(() => lookup(cardId));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
