import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { CardRead, OutboxEntry, Visit } from '#shared/domain/types';
import { contract } from '#shared/ipc/contract';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { appOrigin } from './support/origin';
import { PtyPair } from '#electron/main/readers/testing/pty-pair';
import { expect, test, type KioskBrowser } from './fixtures';
import { readStore } from './idb';
import { createDemoKioskMain } from './support/kiosk-main';

/**
 * From a serial card reader to the greeting: main's shipped wiring in this test process (its
 * ReaderService and SerialCardReader) reads RDM6300 frames written into a socat pty; the built
 * renderer, in Debian's Chromium, gets them through a typed double of the Electron IPC hop only,
 * whose invoke side is served by main's real registrar and handlers. Each "nothing happened" is
 * proved by a sentinel card read after it, never by sleeping.
 */

const READER = 'desk serial';

function demoCard(name: string): { canonical: string; memberId: string } {
  const card = DEMO_CARDS.find((c) => c.memberName === name);
  const member = DEMO_MEMBERS.find((m) => m.displayName === name);
  if (card === undefined || member === undefined) throw new Error(`no demo card of ${name}`);
  return { canonical: card.canonical, memberId: member.id };
}

const camille = demoCard('Camille Dubois');
const pieter = demoCard('Pieter Janssens');

/** A frame of `idHex` whose checksum is wrong. */
function badChecksumFrame(idHex: string): Uint8Array {
  const frame = rdm6300Frame(idHex);
  frame[12] = frame[12] === 0x30 ? 0x31 : 0x30;
  return frame;
}

/**
 * Main's side of the kiosk, minus Electron: the shipped wiring (composeKioskMain) on the demo
 * config with one serial reader on a fresh pty and no badge hold-off (so a second read of a held
 * card would check its holder out: the test would see it), its events reaching the page through
 * the IPC double.
 */
async function startShell(kiosk: KioskBrowser, baseURL: string) {
  const pty = await PtyPair.create();
  const main = await createDemoKioskMain({
    appOrigin: new URL(baseURL).origin,
    configure: (demo) => ({
      ...demo,
      badge: { ...demo.badge, holdOffMs: 0 },
      idle: { ...demo.idle, resultScreenMs: 60_000 },
      readers: {
        ...demo.readers,
        serial: [
          { name: READER, path: pty.readerPath, format: 'auto', baudRate: 9600, debounceMs: 250 },
        ],
      },
    }),
  });
  await main.install(kiosk.page);
  expect(main.readers.statuses()[1]).toMatchObject({ name: READER, state: 'connected' });
  const readsSent = () =>
    (main.double?.sent ?? []).filter((e) => e.channel === contract.reader.onCardRead.channel);
  return {
    pty,
    readers: main.readers,
    /** The reads main sent to the page, in order. */
    get reads(): CardRead[] {
      return readsSent().map((e) => e.payload as CardRead);
    },
    async stop(): Promise<void> {
      // Reads are only made once home shows: a lost one would be a broken double.
      const lost = (
        await Promise.all(
          readsSent().map(async (e) =>
            (await e.delivery) ? [] : [(e.payload as CardRead).cardId],
          ),
        )
      ).flat();
      await main.dispose();
      await pty.dispose();
      expect(lost, 'reads that reached no page').toEqual([]);
    },
  };
}

type Shell = Awaited<ReturnType<typeof startShell>>;

async function withShell(
  kiosk: KioskBrowser,
  baseURL: string | undefined,
  body: (shell: Shell, page: Page) => Promise<void>,
): Promise<void> {
  const shell = await startShell(kiosk, baseURL ?? `${appOrigin()}/`);
  try {
    const page = await kiosk.open();
    await body(shell, page);
  } finally {
    await shell.stop();
  }
}

async function visitRows(page: Page) {
  const visits = await readStore<Visit>(page, 'visits');
  const outbox = (await readStore<OutboxEntry>(page, 'outbox')).filter((e) => e.table === 'visits');
  return { visits: visits.sort((a, b) => a.checkInAt - b.checkInAt), outbox };
}

/** Opens host mode with the demo PIN (shared/demo/demo-data.ts). */
async function openHost(page: Page): Promise<void> {
  await page.getByTestId('open-host').click();
  for (const digit of '1234') await page.getByTestId(`pad-${digit}`).click();
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

function readerRow(page: Page, name: string) {
  return page.getByTestId('reader-row').and(page.locator(`[data-name="${name}"]`));
}

async function expectGreeting(page: Page, memberId: string): Promise<void> {
  const name = DEMO_MEMBERS.find((m) => m.id === memberId)?.displayName ?? memberId;
  await expect(page.getByTestId('welcome-name')).toHaveText(name);
}

test('a demo card on the serial reader greets its member and stores a visit and its outbox entry', async ({
  kiosk,
  baseURL,
}) => {
  await withShell(kiosk, baseURL, async (shell, page) => {
    shell.pty.write(rdm6300Frame(camille.canonical));
    await expectGreeting(page, camille.memberId);
    await expect(page.getByTestId('welcome-status')).toHaveAttribute('data-status', 'in');
    const { visits, outbox } = await visitRows(page);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      personId: camille.memberId,
      method: 'serial',
      spaceId: DEMO_KIOSK_CONFIG.spaceId,
    });
    expect(visits[0]?.checkOutAt).toBeUndefined();
    expect(outbox.map((e) => [e.recordId, e.op])).toEqual([[visits[0]?.id, 'put']]);
    expect(shell.reads).toMatchObject([{ cardId: camille.canonical, source: 'serial' }]);
  });
});

test('a card held on the reader (its frame repeated) makes one visit', async ({
  kiosk,
  baseURL,
}) => {
  await withShell(kiosk, baseURL, async (shell, page) => {
    for (let i = 0; i < 6; i += 1) {
      shell.pty.write(rdm6300Frame(camille.canonical));
      // Elapsed time is what is under test: a held card's frames repeat every ~60 ms, within
      // the reader's 250 ms debounce, so together they must make one read.
      await page.waitForTimeout(60);
    }
    await expectGreeting(page, camille.memberId);
    // The sentinel: once Pieter is greeted, every frame written before his was processed.
    shell.pty.write(rdm6300Frame(pieter.canonical));
    await expectGreeting(page, pieter.memberId);

    expect(shell.reads.map((r) => r.cardId)).toEqual([camille.canonical, pieter.canonical]);
    const { visits, outbox } = await visitRows(page);
    expect(visits.map((v) => [v.personId, v.checkOutAt])).toEqual([
      [camille.memberId, undefined],
      [pieter.memberId, undefined],
    ]);
    expect(outbox).toHaveLength(2);
  });
});

test('a bad-checksum frame does nothing but count as rejected on the host screen', async ({
  kiosk,
  baseURL,
}) => {
  await withShell(kiosk, baseURL, async (shell, page) => {
    shell.pty.write(badChecksumFrame(camille.canonical));
    shell.pty.write(rdm6300Frame(pieter.canonical));
    await expectGreeting(page, pieter.memberId);

    expect(shell.reads.map((r) => r.cardId)).toEqual([pieter.canonical]);
    const { visits, outbox } = await visitRows(page);
    expect(visits.map((v) => v.personId)).toEqual([pieter.memberId]);
    expect(outbox).toHaveLength(1);
    expect(shell.readers.statuses()[1]).toMatchObject({ reads: 1, rejected: 1 });

    await page.getByTestId('welcome-done').click();
    await openHost(page);
    const row = readerRow(page, READER);
    await expect(row.getByTestId('reader-state')).toHaveAttribute('data-state', 'connected');
    const counts = row.getByTestId('reader-counts');
    await expect(counts).toHaveAttribute('data-reads', '1');
    await expect(counts).toHaveAttribute('data-rejected', '1');
    await expect(row).toContainText(shell.pty.readerPath);
  });
});

test('the host screen follows a reader unplugged and plugged back; the kiosk reads on', async ({
  kiosk,
  baseURL,
}) => {
  await withShell(kiosk, baseURL, async (shell, page) => {
    await openHost(page);
    const rows = page.getByTestId('reader-row');
    await expect(rows).toHaveCount(2);
    const serial = readerRow(page, READER).getByTestId('reader-state');
    const wedge = rows.first().getByTestId('reader-state');
    await expect(serial).toHaveAttribute('data-state', 'connected');

    await shell.pty.kill();
    await expect(serial).toHaveAttribute('data-state', 'disconnected');
    await expect(wedge).toHaveAttribute('data-state', 'listening');
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="reader-status"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await shell.pty.start();
    await expect(serial).toHaveAttribute('data-state', 'connected', { timeout: 10_000 });
    await page.getByTestId('host-back').click();
    shell.pty.write(rdm6300Frame(camille.canonical));
    await expectGreeting(page, camille.memberId);
  });
});
