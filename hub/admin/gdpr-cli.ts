import type { CliIo } from '../cli';
import type { HubStore } from '../store/store';
import { compactErasures } from '../sync/compaction';
import { purgeExpiredVisitors } from '../sync/retention';
import { erasePerson } from './admin';
import { agree, counted } from './plural';

/**
 * The CLI's GDPR commands: `erase member|visitor ID` and `purge`. Each writes its sentences to
 * `out` / `err` and resolves with the exit code.
 */

/**
 * Erases a person this hub holds, everywhere (erasePerson). An id the hub has no record of is
 * refused: a typo would otherwise leave an erasure under a name nobody has, and the operator
 * would read "Erased" for nobody. One already erased is said so, nothing written.
 */
export async function eraseCommand(
  store: HubStore,
  who: 'member' | 'visitor',
  personId: string,
  now: number,
  io: CliIo,
): Promise<number> {
  const table = who === 'member' ? 'members' : 'visitors';
  const row = await store.readRecord(table, personId);
  if (!row) {
    io.err(
      `No ${who} ${personId} on this hub: nothing erased. A ${who} only a kiosk holds reaches the hub with that kiosk's next sync.`,
    );
    return 1;
  }
  if (row.state.kind === 'erased') {
    io.out(`The ${who} ${personId} was already erased.`);
    return 0;
  }
  await erasePerson(store, table, personId, now);
  io.out(`Erased ${who} ${personId}.`);
  return 0;
}

/** Purges visitors past their space's retention, then compacts erasures every kiosk has pulled. */
export async function purgeCommand(store: HubStore, now: number, io: CliIo): Promise<number> {
  const { purged, anonymisedVisits } = await purgeExpiredVisitors(store, now);
  io.out(
    `Purged ${counted(purged, 'visitor')}; ${counted(anonymisedVisits, 'visit')} of theirs kept anonymised.`,
  );
  const { compacted, waiting } = await compactErasures(store);
  io.out(
    `Compacted ${counted(compacted, 'erasure')}; ${waiting} ${agree(waiting, 'waits', 'wait')} for a kiosk to pull ${agree(waiting, 'it', 'them')}.`,
  );
  return 0;
}
