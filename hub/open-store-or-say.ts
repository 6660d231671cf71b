import type { CliIo } from './cli';
import { openStore } from './store/open-store';
import type { HubStore } from './store/store';

/** The hub's store at `dbUrl`, or null once `io.err` said why it cannot be opened. */
export async function openStoreOrSay(dbUrl: string, io: CliIo): Promise<HubStore | null> {
  try {
    return await openStore(dbUrl, {
      onStatisticsError: (e) => {
        io.err(`PostgreSQL statistics not refreshed (autovacuum will): ${(e as Error).message}`);
      },
    });
  } catch (e) {
    io.err(`Cannot open the hub database ${dbUrl}: ${(e as Error).message}`);
    return null;
  }
}
