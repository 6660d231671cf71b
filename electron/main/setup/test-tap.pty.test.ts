import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { fileCredentialStore } from '../hub-client/credential-store';
import { startHubProcess, type HubProcess } from '../hub-client/testing/hub-process';
import { PtyPair } from '../readers/testing/pty-pair';
import { firstNameOf } from './card-tester';
import { SetupService } from './setup-service';

const MONS = 'co-nnexion-mons';
/** The card the pty reader sends; `0009357203` is its low 32 bits as a wedge types them. */
const CARD = '14008EC793';

/**
 * The setup's test tap (decision 0043) against the real hub as a process: members imported with
 * its CLI, pulled with the credential enrolment gave (nothing written), a serial tap on a socat
 * pty, wedge cards as the page sends them, and a hub that goes away.
 */
describe('the test tap against the real hub', { timeout: 30_000 }, () => {
  let hub: HubProcess;
  let dir: string;
  let pty: PtyPair;
  let setup: SetupService;
  let isHubUp = true;
  /** Whether the pty reader taps the card as soon as a port opens on it. */
  let tapsOnOpen = true;
  let opened = 0;
  const logs: string[] = [];

  async function importMembers(csv: string): Promise<void> {
    const file = join(dir, `members-${Date.now()}.csv`);
    await writeFile(file, `id,displayName,homeSpaceId,cardIds,active\n${csv}`);
    await hub.cli('members', 'import', file);
  }

  beforeAll(async () => {
    [hub, pty] = await Promise.all([startHubProcess(), PtyPair.create()]);
    dir = await mkdtemp(join(tmpdir(), 'test-tap-'));
    await hub.importSpaces(
      `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`,
    );
    setup = new SetupService({
      location: { path: join(dir, 'kiosk.json'), isExplicit: false },
      isFirstRun: true,
      credentials: fileCredentialStore(join(dir, 'hub-credential.json')),
      current: null,
      restart: () => undefined,
      hubTimeoutMs: 5000,
      readers: {
        list: () => Promise.resolve([]),
        extraPaths: () => [pty.readerPath],
        onOpened: () => {
          opened += 1;
          if (tapsOnOpen) pty.write(rdm6300Frame(CARD));
        },
      },
      log: (m) => logs.push(m),
    });
  }, 30_000);
  afterAll(async () => {
    if (isHubUp) await hub.dispose();
    await pty.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('needs an enrolment and a learnt reader first', async () => {
    expect(await setup.testCard(CARD)).toMatchObject({
      ok: false,
      error: { code: 'setup-out-of-order' },
    });
    expect((await setup.checkHub(hub.url)).ok).toBe(true);
    const code = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
    expect((await setup.enrol({ code, kioskId: 'mons-desk' })).ok).toBe(true);
    expect(await setup.testTap(2000)).toMatchObject({
      ok: false,
      error: { code: 'setup-out-of-order' },
    });
  });

  it('says "unknown card" before the members are imported, then greets by first name', async () => {
    expect(await setup.testCard(CARD)).toEqual({ ok: true, value: { result: 'unknown' } });
    await importMembers(
      [
        `m-marie,Marie Dupont,${MONS},${CARD},true`,
        `m-jan,Jan De Smet,${MONS},3A10000001,false`,
        `m-a,Ann A,${MONS},3A10000002,true`,
      ].join('\n'),
    );
    // Pulled since the last lookup: the member imported meanwhile is found.
    expect(await setup.testCard(CARD)).toEqual({
      ok: true,
      value: { result: 'member', firstName: 'Marie' },
    });
    // The wedge types the card's low 32 bits in decimal: the same member.
    expect(await setup.testCard('0009357203')).toEqual({
      ok: true,
      value: { result: 'member', firstName: 'Marie' },
    });
    expect(await setup.testCard('0001234567')).toEqual({ ok: true, value: { result: 'unknown' } });
    expect(await setup.testCard('3A10000002')).toEqual({
      ok: true,
      value: { result: 'member', firstName: 'Ann' },
    });
    // The wedge's decimal form of that card (0x10000002), and an inactive member, not greeted.
    expect(await setup.testCard('0268435458')).toEqual({
      ok: true,
      value: { result: 'member', firstName: 'Ann' },
    });
    expect(await setup.testCard('3A10000001')).toEqual({ ok: true, value: { result: 'unknown' } });
  });

  it('reads the tap on the learnt serial reader (a socat pty)', async () => {
    expect(await setup.learnReader(5000)).toMatchObject({
      ok: true,
      value: { path: pty.readerPath, format: 'rdm6300', cardId: CARD },
    });
    expect(await setup.testTap(5000)).toEqual({
      ok: true,
      value: { result: 'member', firstName: 'Marie' },
    });
  });

  it('frees the serial port of a test tap still waiting when the readers are learnt again', async () => {
    tapsOnOpen = false;
    const before = opened;
    const waiting = setup.testTap(30_000);
    await expect.poll(() => opened).toBe(before + 1);
    tapsOnOpen = true;
    const startedAt = Date.now();
    expect(await setup.learnReader(5000)).toMatchObject({
      ok: true,
      value: { path: pty.readerPath, cardId: CARD },
    });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  it('says so when the hub is down, and logs neither names nor cards', async () => {
    isHubUp = false;
    await hub.dispose();
    expect(await setup.testCard(CARD)).toMatchObject({
      ok: false,
      error: { code: 'setup-hub-unreachable' },
    });
    const text = logs.join('\n');
    for (const secret of ['Marie', 'Dupont', 'Ann', CARD, '0009357203', '3A10000002']) {
      expect(text).not.toContain(secret);
    }
    expect(logs).toContain('setup: test tap: member');
  });

  it('takes the first word of a display name', () => {
    expect(firstNameOf('  Zoé  Van Damme ')).toBe('Zoé');
    expect(firstNameOf('Cher')).toBe('Cher');
  });
});
