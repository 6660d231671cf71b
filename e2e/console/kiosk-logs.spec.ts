import { readFile } from 'node:fs/promises';
import { expect, request, test } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import { heartbeatRequest } from '#shared/sync/heartbeat';
import { logUploadRequest } from '#shared/sync/log-upload';
import { heartbeatBody } from '#hub/test-support/heartbeats';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import { seriousViolations, signIn, watchProblems } from './support/console-page';
import { apiSession, seedKiosk, type ApiSession } from './support/kiosk-seed';

/**
 * A kiosk's logs on request (decision 0041) against the real hub: an operator asks from the
 * kiosk's detail on the fleet page, the kiosk's next heartbeat reply says `sendLogs`, the kiosk
 * uploads over the kiosk protocol, the console lists the upload and downloads it. Another space's
 * manager is refused by the API; each realm is refused in the other; axe in fr, nl and en.
 */
test.describe.configure({ mode: 'serial' });

const NETWORK = 'coordinator@example.org';
const MANAGER = 'lille.manager@example.org';
const MONS = 'co-nnexion-mons';
const LILLE = 'mutualab-lille';
let hub: ConsoleHub;
let network: ApiSession;
let token = '';

/** The kiosk's side: a heartbeat, and its logs when the reply asks; resolves with whether it did. */
async function kioskAnswers(): Promise<boolean> {
  const http = await request.newContext({ baseURL: hub.url });
  try {
    const auth = { authorization: `Bearer ${token}` };
    const beat = await http.post('/v1/heartbeat', {
      headers: auth,
      data: heartbeatRequest('mons-desk-1', heartbeatBody({ sentAt: Date.now() })),
    });
    const reply = (await beat.json()) as { sendLogs?: boolean };
    if (reply.sendLogs !== true) return false;
    const sent = await http.post('/v1/logs', {
      headers: auth,
      data: logUploadRequest('mons-desk-1', [
        { name: 'main.1.log', text: '[info]  kiosk 1.4.0 starting; config ok\n' },
        { name: 'main.log', text: '[info]  reader desk serial: connected (/dev/ttyUSB0)\n' },
      ]),
    });
    expect(sent.status()).toBe(200);
    return true;
  } finally {
    await http.dispose();
  }
}

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', LILLE);
  network = await apiSession(hub.url, NETWORK);
  token = (await seedKiosk(hub.url, network, MONS, 'mons-desk-1')).token;
});
test.afterAll(async () => {
  await network.dispose();
  await hub.dispose();
});

test('asks a kiosk for its logs from its detail, and downloads what it sent', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.locator('a[href="#/fleet"]').click();
  const details = page.getByRole('button', { name: 'Details: mons-desk-1' });
  await details.click();
  const logs = page.getByTestId('kiosk-logs');
  await expect(logs).toContainText('No logs received yet.');
  expect(await kioskAnswers()).toBe(false);

  await logs.getByRole('button', { name: 'Ask for its logs' }).click();
  await expect(logs.getByTestId('logs-pending')).toContainText('after its next heartbeat');
  expect(await kioskAnswers()).toBe(true);
  // The upload cleared the request: the next heartbeat asks for nothing.
  expect(await kioskAnswers()).toBe(false);

  await page.getByRole('button', { name: 'Close the details' }).click();
  await details.click();
  await expect(logs.getByTestId('logs-pending')).toHaveCount(0);
  const link = logs.getByTestId('log-uploads').getByRole('link', { name: 'Download' });
  await expect(link).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^mons-desk-1-\d{4}-.*\.log$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text).toBe(
    '===== main.1.log =====\n[info]  kiosk 1.4.0 starting; config ok\n' +
      '===== main.log =====\n[info]  reader desk serial: connected (/dev/ttyUSB0)\n',
  );
  expect(problems).toEqual([]);
});

test("refuses another space's manager in the API, and each realm in the other", async () => {
  const manager = await apiSession(hub.url, MANAGER);
  try {
    const asked = await manager.http.post('/console/api/kiosks/mons-desk-1/logs', {
      headers: { 'x-csrf-token': manager.csrf },
    });
    expect(asked.status()).toBe(403);
    expect((await manager.http.get('/console/api/kiosks/mons-desk-1/logs')).status()).toBe(403);
  } finally {
    await manager.dispose();
  }
  const kiosk = await request.newContext({ baseURL: hub.url });
  try {
    const onConsole = await kiosk.get('/console/api/kiosks/mons-desk-1/logs', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(onConsole.status()).toBe(401);
  } finally {
    await kiosk.dispose();
  }
  const onKiosk = await network.http.post('/v1/logs', {
    headers: { 'x-csrf-token': network.csrf },
    data: logUploadRequest('mons-desk-1', [{ name: 'main.log', text: 'x' }]),
  });
  expect(onKiosk.status()).toBe(401);
});

for (const lang of LANGS) {
  test(`the logs of a kiosk in ${lang}: axe`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: `${lang}-BE`,
    });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, hub.url, NETWORK);
    await page.locator('a[href="#/fleet"]').click();
    await page.getByTestId('kiosk-row').first().getByRole('button').first().click();
    const logs = page.getByTestId('kiosk-logs');
    await expect(logs.getByTestId('log-uploads')).toBeVisible();
    await logs.getByRole('button').click();
    await expect(logs.getByTestId('logs-pending')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
}
