import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PtyPair } from '#electron/main/readers/testing/pty-pair';
import {
  DESK_DEVICES,
  RECORDED_STREAMS,
  RecordedHid,
  recordedDevice,
} from '#electron/main/readers/testing/recorded-hid';
import { parseKioskConfigText } from '#shared/config/kiosk-config';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { appOrigin } from './support/origin';
import { click, eraseOnScreen, screenKeyboard, typeOnScreen } from './support/screen-keyboard';
import { createSetupMain } from './support/setup-main';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { swipeCard } from './wedge';

/**
 * The first-run setup end to end (docs/decisions/0042): the built renderer in Debian's Chromium,
 * main's shipped wiring in this process with no kiosk.json, the real hub as a process over HTTP,
 * a serial reader on a socat pty and a HID reader's recorded reports (docs/decisions/0044). Enrols
 * with a code from the hub's CLI after a hub that is down and a wrong code; learns the serial
 * reader, the HID reader and the wedge; the test tap greets the member whose card the pty sends,
 * says an unknown wedge card is unknown and a hub that is down is down; the kiosk.json written
 * parses with the kiosk's schema, the credential is sealed (decision 0043); main relaunches on
 * them and the kiosk syncs. Each step fits both screen
 * orientations with no axe violation.
 */

const MONS = 'co-nnexion-mons';
const SPACES_CSV = `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`;
/** The member whose card the pty reader sends (the test tap greets her). */
const MEMBERS_CSV = `id,displayName,homeSpaceId,cardIds,active\nm-marie,Marie Dupont,${MONS},14008EC793,true\n`;

/**
 * With SETUP_SCREENSHOTS=<folder>, each checked step is also saved there lying down, numbered in
 * order (docs/deploy.md's pictures: `SETUP_SCREENSHOTS=docs/deploy npx playwright test
 * e2e/setup.spec.ts -g "from nothing"`).
 */
const SHOTS = process.env['SETUP_SCREENSHOTS'];
let shot = 0;

async function screenshot(page: Page): Promise<void> {
  if (SHOTS === undefined) return;
  const setup = page.getByTestId('screen-setup');
  const name = await setup.getAttribute('data-step');
  const problem = page.getByTestId('setup-error');
  const error = (await problem.count()) > 0 ? await problem.getAttribute('data-code') : null;
  const tested = page.getByTestId('setup-test-result');
  const result = (await tested.count()) > 0 ? await tested.getAttribute('data-result') : null;
  shot += 1;
  await page.setViewportSize({ width: 1920, height: 1080 });
  const file = `setup-${String(shot).padStart(2, '0')}-${name ?? 'step'}${error ? `-${error}` : ''}${result ? `-${result}` : ''}.jpg`;
  await page.screenshot({ path: join(SHOTS, file), type: 'jpeg', quality: 70 });
}

/** The page neither scrolls nor overflows, lying down and standing up; axe finds nothing. */
async function checkStep(page: Page): Promise<void> {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1080, height: 1920 },
  ]) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return {
        x: root.scrollWidth - window.innerWidth,
        y: root.scrollHeight - window.innerHeight,
      };
    });
    expect(overflow, `${size.width}×${size.height}`).toEqual({ x: 0, y: 0 });
  }
  const axe = await new AxeBuilder({ page }).include('[data-testid="screen-setup"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await screenshot(page);
}

/** Types an address; the address keyboard has two "." keys (one in its letter rows). */
async function typeAddress(page: Page, text: string): Promise<void> {
  for (const ch of text) {
    if (ch === '.') await screenKeyboard(page).locator('[data-skbtn="."]').first().click();
    else await typeOnScreen(page, ch, click);
  }
}

async function step(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('screen-setup')).toHaveAttribute('data-step', name);
}

let hub: SyncHub;
test.beforeAll(async () => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  await hub.importCsv('members', MEMBERS_CSV);
});
test.afterAll(async () => {
  await hub.dispose();
});

test('sets a kiosk up from nothing: hub, code, space, PIN, readers; then it syncs', async ({
  kiosk,
}) => {
  test.setTimeout(180_000);
  const pty = await PtyPair.create();
  // The first tap is on the serial reader, the second on the HID reader (K1's key usages).
  const hid = new RecordedHid([...DESK_DEVICES, recordedDevice('keys-vendor')]);
  const k1 = RECORDED_STREAMS.find((s) => s.name.startsWith('K1 key usages of a US'));
  if (k1 === undefined) throw new Error('missing recorded HID stream');
  let taps = 0;
  let hidOpens = 0;
  // Set once the readers step is left: the pty then taps Marie's card for the test tap.
  let isTesting = false;
  const main = await createSetupMain({
    appOrigin: appOrigin(),
    readers: {
      extraPaths: () => [pty.readerPath],
      onOpened: (path) => {
        if (path !== pty.readerPath) return;
        taps += 1;
        if (taps === 1 || isTesting) pty.write(rdm6300Frame('14008EC793'));
      },
      onHidOpened: (info) => {
        hidOpens += 1;
        if (hidOpens === 2) hid.play(info.path ?? '', k1.reports);
      },
    },
    hid: { devices: hid.devices, open: hid.open },
  });
  try {
    const page = kiosk.page;
    await main.install(page);
    await page.goto('./');
    await step(page, 'lang');
    await checkStep(page);
    await page.getByTestId('setup-lang-en').click();

    // A hub that is down: its own message, and the way on once the address is right.
    await step(page, 'hub');
    await eraseOnScreen(page, 'https://'.length, click);
    const port = new URL(hub.url).port;
    await page.getByTestId('setup-key-http://').click();
    await typeAddress(page, '127.0.0.1');
    await page.getByTestId('setup-key-:').click();
    await typeOnScreen(page, '1', click);
    await page.getByTestId('setup-next').click();
    await expect(page.getByTestId('setup-error')).toHaveAttribute(
      'data-code',
      'setup-hub-unreachable',
    );
    await checkStep(page);
    await eraseOnScreen(page, 1, click);
    await typeOnScreen(page, port, click);
    await page.getByTestId('setup-next').click();

    // A wrong code, then the one the hub's CLI gives.
    await step(page, 'code');
    await typeOnScreen(page, 'abcd-efgh-jkmn', click);
    await page.getByTestId('setup-kioskId').click();
    await typeOnScreen(page, 'mons-desk', click);
    await page.getByTestId('setup-next').click();
    await expect(page.getByTestId('setup-error')).toHaveAttribute('data-code', 'setup-code-wrong');
    await checkStep(page);
    await page.getByTestId('setup-code').click();
    await eraseOnScreen(page, 'abcd-efgh-jkmn'.length, click);
    const code = await hub.enrolmentCode(MONS);
    await typeOnScreen(page, code.toLowerCase(), click);
    await page.getByTestId('setup-next').click();

    await step(page, 'space');
    await expect(page.getByTestId('setup-space')).toHaveText('Co-nnexion, Mons');
    await checkStep(page);
    await page.getByTestId('setup-next').click();

    // The PIN twice; a mismatch starts over.
    await step(page, 'pin');
    await checkStep(page);
    for (const pin of ['2468', '1357', '2468', '2468']) {
      for (const d of pin) await page.getByTestId(`pad-${d}`).click();
      await page.getByTestId('setup-next').click();
      if (pin === '1357') await expect(page.getByTestId('setup-pin-mismatch')).toBeVisible();
    }

    await step(page, 'readers');
    await checkStep(page);
    await page.getByTestId('setup-listen').click();
    await expect(page.getByTestId('setup-learnt-serial')).toContainText('rdm6300');
    await expect(page.getByTestId('setup-learnt-serial')).toContainText('14008EC793');
    await page.getByTestId('setup-listen').click();
    await expect(page.getByTestId('setup-learnt-hid')).toContainText('RFID keys reader');
    await expect(page.getByTestId('setup-learnt-hid')).toContainText('0004340757');
    await swipeCard(page, '0009357203');
    await expect(page.getByTestId('setup-learnt-wedge')).toContainText('0009357203');
    await checkStep(page);
    isTesting = true;
    await page.getByTestId('setup-readers-next').click();

    // The test tap (decision 0043): the pty reader taps Marie's card as main opens it again.
    await step(page, 'test');
    const answer = page.getByTestId('setup-test-result');
    await expect(answer).toHaveAttribute('data-result', 'member');
    await expect(answer).toHaveText('Hello Marie! This card works.');
    await checkStep(page);
    await swipeCard(page, '0001234567');
    await expect(answer).toHaveAttribute('data-result', 'unknown');
    await checkStep(page);
    // A hub that is down: its own sentence, and the test may be skipped.
    await hub.kill();
    await swipeCard(page, '0009357203');
    await expect(answer).toHaveAttribute('data-result', 'hub-down');
    await expect(page.getByTestId('setup-finish')).toHaveText('Skip the test and finish');
    await checkStep(page);
    await hub.restart();
    await page.getByTestId('setup-finish').click();
    await expect(page.getByTestId('setup-done')).toBeVisible();
    await checkStep(page);
    await expect.poll(() => main.relaunches).toBe(1);

    const written = parseKioskConfigText(
      await readFile(join(main.userDataDir, 'kiosk.json'), 'utf8'),
    );
    if (!written.ok) throw new Error(JSON.stringify(written.error));
    expect(written.value).toMatchObject({
      kioskId: 'mons-desk',
      spaceId: MONS,
      defaultLang: 'en',
      hub: { url: hub.url },
      readers: {
        serial: [{ path: pty.readerPath, format: 'rdm6300' }],
        hid: [{ vendorId: 'ffff', productId: '0035', layout: 'keyboard-usage' }],
      },
    });
    // The credential is sealed with the harness's cipher (safeStorage in the app): no token on disk.
    const sealed: unknown = JSON.parse(
      await readFile(join(main.userDataDir, 'hub-credential.json'), 'utf8'),
    );
    expect(sealed).toMatchObject({ sealed: 'safeStorage', version: 1 });
    expect(JSON.stringify(sealed)).not.toContain('mons-desk');

    // Relaunched on the new files: the kiosk itself, enrolled, pulls the hub's space.
    await main.relaunch();
    await page.reload();
    await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
    expect(await main.wiring.sync.service.getState()).toMatchObject({ isEnrolled: true });
    // Asked again every 3 s: a request sent before the page listens is not queued.
    const scheduler = main.wiring.sync.scheduler;
    let askedAt = -Infinity;
    await expect
      .poll(
        async () => {
          const ids = (await readStore<{ id: string }>(page, 'spaces')).map((s) => s.id);
          if (ids.includes(MONS)) return true;
          if (Date.now() - askedAt > 3000) {
            scheduler?.requestNow('manual');
            askedAt = Date.now();
          }
          return false;
        },
        { timeout: 60_000, intervals: [50] },
      )
      .toBe(true);
  } finally {
    await main.dispose();
    await pty.dispose();
  }
});

for (const lang of ['fr', 'nl'] as const) {
  test(`the setup's typed steps and their errors fit and pass axe in ${lang}`, async ({
    kiosk,
  }) => {
    const main = await createSetupMain({ appOrigin: appOrigin() });
    try {
      const page = kiosk.page;
      await main.install(page);
      await page.goto('./');
      await step(page, 'lang');
      await page.getByTestId(`setup-lang-${lang}`).click();
      await step(page, 'hub');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await page.getByTestId('setup-next').click();
      await expect(page.getByTestId('setup-error')).toHaveAttribute(
        'data-code',
        'ipc-invalid-request',
      );
      await checkStep(page);
      await eraseOnScreen(page, 'https://'.length, click);
      await page.getByTestId('setup-key-http://').click();
      await typeAddress(page, '127.0.0.1');
      await page.getByTestId('setup-key-:').click();
      await typeOnScreen(page, new URL(hub.url).port, click);
      await page.getByTestId('setup-next').click();
      await step(page, 'code');
      await typeOnScreen(page, 'abcd-efgh-jkmn', click);
      await page.getByTestId('setup-kioskId').click();
      await typeOnScreen(page, `desk-${lang}`, click);
      await page.getByTestId('setup-next').click();
      await expect(page.getByTestId('setup-error')).toHaveAttribute(
        'data-code',
        'setup-code-wrong',
      );
      await checkStep(page);
      await page.getByTestId('setup-back').click();
      await step(page, 'hub');
    } finally {
      await main.dispose();
    }
  });
}
