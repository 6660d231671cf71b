import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fileCredentialStore } from '../../hub-client/credential-store';
import { createHubClient, type HubClient } from '../../hub-client/hub-client';
import { startHubProcess, type HubProcess } from '../../hub-client/testing/hub-process';

export const MONS = 'co-nnexion-mons';

/** The real hub process with the Mons space, a scratch folder, and kiosks enrolled for Mons. */
export interface MonsHub {
  readonly hub: HubProcess;
  readonly dir: string;
  /** A hub client for `kioskId`, enrolled with a code from `kiosk add` (asserted). */
  enrolledClient(kioskId: string): Promise<HubClient>;
  dispose(): Promise<void>;
}

export async function startMonsHub(prefix: string): Promise<MonsHub> {
  const hub = await startHubProcess();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const csv = join(dir, 'spaces.csv');
  await writeFile(
    csv,
    `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`,
  );
  await hub.cli('spaces', 'import', csv);
  return {
    hub,
    dir,
    async enrolledClient(kioskId) {
      const client = createHubClient({
        hubUrl: hub.url,
        kioskId,
        enrolmentCode: (await hub.cli('kiosk', 'add', '--space', MONS)).trim(),
        credentials: fileCredentialStore(join(dir, `${kioskId}.json`)),
      });
      expect((await client.enrol()).ok).toBe(true);
      return client;
    },
    async dispose() {
      await hub.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
