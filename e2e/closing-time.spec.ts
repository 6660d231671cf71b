import { join } from 'node:path';
import type { Visit } from '#shared/domain/types';
import { closingAtOrBefore } from '#shared/visitor/closing-time';
import { putAsHub } from '#hub/people/hub-put';
import { openSqliteStore } from '#hub/store/sqlite-store';
import { UNKNOWN_DIGITS } from './demo';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { launchSpaceKiosk, syncKiosk, type SpaceKiosk } from './support/space-kiosk';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { SPACES_CSV } from './support/sync-kiosk';
import { hubRecords } from './support/visitor-edits';
import { submitWalkIn } from './support/walk-in-form';
import { swipeCard } from './wedge';

/**
 * Issue 5's automatic check-out at the space's closing time, end to end: a kiosk configured with
 * `visitors.closingTime` whose page clock (Playwright's) starts three minutes before it. At the
 * closing the open visitor visit is checked out (`auto`), its spare card is free again, and the
 * check-out reaches the real hub. And a kiosk configured with none follows the closing time the
 * hub sets for its space (the console's write, decision 0031) once it has synced.
 */

const SPACE = 'co-nnexion-mons';
const CLOSING_TIME = '19:00';
/** A card no member holds: the spare visitor card. */
const SPARE = UNKNOWN_DIGITS;

let hub: SyncHub;
let kiosk: SpaceKiosk;

test.afterEach(async () => {
  await kiosk.dispose();
  await hub.dispose();
});

test('at closing time an open visitor visit is checked out and its card freed', async () => {
  // The latest 19:00 in Brussels that has passed, so the hub accepts the kiosk's stamps.
  const closing = closingAtOrBefore(Date.now(), CLOSING_TIME, 'Europe/Brussels');
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  kiosk = await launchSpaceKiosk(hub, SPACE, 'mons-desk-1', {
    closingTime: CLOSING_TIME,
    clockAt: closing - 3 * 60_000,
  });
  const { page } = kiosk;

  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill('1234');
  await page.getByTestId('host-pin-submit').click();
  await page.getByTestId('host-walk-in').click();
  await submitWalkIn(page, { first: 'Paul', last: 'Martin' });
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'waiting');
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
  await page.getByTestId('bind-done').click();
  await expect(page.getByTestId('host-presence')).toContainText('Paul Martin');
  const [open] = await readStore<Visit>(page, 'visits');
  expect(open?.checkOutAt).toBeUndefined();

  // Past the closing (the idle timeout also takes the kiosk home meanwhile): the job's timer fires.
  await page.clock.fastForward('05:00');
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await expect
    .poll(async () => (await readStore<Visit>(page, 'visits'))[0]?.checkOutAt)
    .toBe(closing);
  const [closed] = await readStore<Visit>(page, 'visits');
  expect(closed).toMatchObject({ id: open?.id, checkOutAt: closing, checkOutMethod: 'auto' });

  // The card is free: a tap no longer checks anybody out, it is an unknown card again.
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('screen-unknown')).toBeVisible();

  await syncKiosk(hub, kiosk);
  const onHub = hubRecords(hub, 'visits').get(open?.id ?? '') as unknown as {
    checkOut?: { checkOutAt: number; checkOutMethod?: string };
  };
  expect(onHub.checkOut).toEqual({ checkOutAt: closing, checkOutMethod: 'auto' });
});

test("a kiosk with no closing time of its own closes at the space's, set at the hub", async () => {
  const closing = closingAtOrBefore(Date.now(), CLOSING_TIME, 'Europe/Brussels');
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  // What the console's PATCH /spaces/:id writes, on the hub's database while it serves.
  const store = await openSqliteStore(join(hub.dir, 'hub.sqlite'));
  try {
    const setting = { id: SPACE, closingTime: CLOSING_TIME };
    await putAsHub(store, 'spaces', setting, Date.now());
  } finally {
    await store.close();
  }
  kiosk = await launchSpaceKiosk(hub, SPACE, 'mons-desk-1', { clockAt: closing - 3 * 60_000 });
  const { page } = kiosk;
  await syncKiosk(hub, kiosk);
  const [space] = await readStore<{ closingTime?: string }>(page, 'spaces');
  expect(space?.closingTime).toBe(CLOSING_TIME);

  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill('1234');
  await page.getByTestId('host-pin-submit').click();
  await page.getByTestId('host-walk-in').click();
  await submitWalkIn(page, { first: 'Paul', last: 'Martin' });
  await page.getByTestId('bind-done').click();
  await expect(page.getByTestId('host-presence')).toContainText('Paul Martin');

  // The job found no closing time at start; its next look (within the hour) finds the space's.
  await page.clock.fastForward('01:00:00');
  await expect
    .poll(async () => (await readStore<Visit>(page, 'visits'))[0]?.checkOutAt)
    .toBe(closing);
  const [closed] = await readStore<Visit>(page, 'visits');
  expect(closed?.checkOutMethod).toBe('auto');
});
