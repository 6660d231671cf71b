import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKioskConfigText } from '#shared/config/kiosk-config';
import { verifyPin } from '#shared/security/pin-hash';
import { fileCredentialStore } from '../hub-client/credential-store';
import { startHubProcess, type HubProcess } from '../hub-client/testing/hub-process';
import { isFirstRun, SetupService } from './setup-service';

const MONS = 'co-nnexion-mons';

/** A port nothing listens on: a hub that is down. */
async function deadPort(): Promise<number> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  server.close();
  await once(server, 'close');
  return addr.port;
}

describe('setup against the real hub process', () => {
  let hub: HubProcess;
  let dir: string;
  let restarts: number;

  beforeAll(async () => {
    hub = await startHubProcess();
    await hub.importSpaces(
      `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\nesco-tournai,ESCO,Tournai,BE,Europe/Brussels,fr\n`,
    );
  }, 30_000);
  afterAll(async () => {
    await hub.dispose();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'setup-'));
    restarts = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function service(isFirstRun = true): SetupService {
    return new SetupService({
      location: { path: join(dir, 'kiosk.json'), isExplicit: false },
      isFirstRun,
      credentials: fileCredentialStore(join(dir, 'hub-credential.json')),
      current: null,
      restart: () => {
        restarts += 1;
      },
      hubTimeoutMs: 5000,
    });
  }

  it('enrols with a code from the CLI, lists the spaces and writes a valid config and a 0600 credential', async () => {
    const setup = service();
    expect(setup.state()).toEqual({ isNeeded: true, reason: 'first-run' });
    expect((await setup.checkHub(`${hub.url}/`)).ok).toBe(true);
    const code = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
    const enrolled = await setup.enrol({ code, kioskId: 'mons-entrance' });
    if (!enrolled.ok) throw new Error(enrolled.error.message);
    expect(enrolled.value.spaceId).toBe(MONS);
    expect(enrolled.value.spaces.map((s) => s.id)).toContain(MONS);
    // Back to the code step and on again: the spent code is not asked for twice.
    expect(await setup.enrol({ code, kioskId: 'mons-entrance' })).toMatchObject({
      ok: true,
      value: { spaceId: MONS },
    });
    // Nothing is written before finish.
    await expect(stat(join(dir, 'kiosk.json'))).rejects.toThrow();

    const done = await setup.finish({
      languages: ['fr', 'nl', 'en'],
      defaultLang: 'fr',
      pin: '482913',
      serial: [{ path: '/dev/ttyUSB0', format: 'rdm6300' }],
      wedge: { prefix: '', suffix: '' },
    });
    expect(done.ok).toBe(true);
    const parsed = parseKioskConfigText(await readFile(join(dir, 'kiosk.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.details?.join('; '));
    expect(parsed.value).toMatchObject({
      kioskId: 'mons-entrance',
      spaceId: MONS,
      hub: { url: hub.url },
      readers: { serial: [{ path: '/dev/ttyUSB0', format: 'rdm6300' }] },
    });
    expect(await verifyPin('482913', parsed.value.hostPinHash)).toBe(true);
    const credentialFile = join(dir, 'hub-credential.json');
    expect((await stat(credentialFile)).mode & 0o777).toBe(0o600);
    const credential = await fileCredentialStore(credentialFile).load();
    expect(credential).toMatchObject({ hubUrl: hub.url, kioskId: 'mons-entrance', spaceId: MONS });
    await new Promise(setImmediate);
    expect(restarts).toBe(1);
  }, 30_000);

  it('says a wrong code, a revoked kiosk and a hub that is down apart, and writes nothing', async () => {
    const setup = service();
    expect((await setup.enrol({ code: 'ABCD-EFGH-JKMN', kioskId: 'k-1' })).ok).toBe(false);
    expect((await setup.checkHub(hub.url)).ok).toBe(true);
    const wrong = await setup.enrol({ code: 'ABCD-EFGH-JKMN', kioskId: 'k-1' });
    expect(!wrong.ok && wrong.error.code).toBe('setup-code-wrong');

    const code = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
    expect((await setup.enrol({ code, kioskId: 'k-revoked' })).ok).toBe(true);
    await hub.cli('kiosk', 'revoke', 'k-revoked');
    const again = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
    const revoked = await setup.enrol({ code: again, kioskId: 'k-revoked' });
    expect(!revoked.ok && revoked.error.code).toBe('setup-kiosk-revoked');

    const down = await setup.checkHub(`http://127.0.0.1:${await deadPort()}`);
    expect(!down.ok && down.error.code).toBe('setup-hub-unreachable');
    const notHub = await setup.checkHub(`${hub.url}/v1/nothing-here`);
    expect(!notHub.ok && notHub.error.code).toBe('setup-not-a-hub');
    await expect(stat(join(dir, 'kiosk.json'))).rejects.toThrow();
    await expect(stat(join(dir, 'hub-credential.json'))).rejects.toThrow();
  }, 30_000);

  it('runs again only when the host asks, and a cancel leaves everything', async () => {
    const setup = service(false);
    expect(setup.state().isNeeded).toBe(false);
    const early = await setup.checkHub(hub.url);
    expect(!early.ok && early.error.code).toBe('setup-out-of-order');
    setup.requestAgain();
    expect(setup.state()).toEqual({ isNeeded: true, reason: 'again' });
    expect(setup.cancel()).toEqual({ isNeeded: false, reason: null });
  });

  it('is a first run only without a config file, on a packaged kiosk or with KIOSK_SETUP=1', async () => {
    const args = { userDataDir: dir, isPackaged: false, env: {} };
    expect(await isFirstRun(args)).toBe(false);
    expect(await isFirstRun({ ...args, env: { KIOSK_SETUP: '1' } })).toBe(true);
    expect(await isFirstRun({ ...args, isPackaged: true })).toBe(true);
    await writeFile(join(dir, 'kiosk.json'), '{}');
    expect(await isFirstRun({ ...args, isPackaged: true })).toBe(false);
    expect(
      await isFirstRun({ ...args, isPackaged: true, env: { KIOSK_CONFIG: join(dir, 'x.json') } }),
    ).toBe(false);
  });
});
