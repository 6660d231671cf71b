import type { Page } from '@playwright/test';
import type { Visit } from '#shared/domain/types';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import { expect, test } from './fixtures';
import { readAllStores, readStore } from './idb';
import { openHost } from './support/print-steps';
import { launchSpacePair, syncKiosk, type SpacePair } from './support/space-kiosk';
import { registerVisitor } from './support/visitor-edits';

/**
 * Issue 10, point 2 (decision 0019): erasing a visitor who is in the building keeps them on the
 * evacuation roster as an anonymous line, on the kiosk that erased them and, after a sync through
 * the real hub, on the other kiosk of the space; the host of either kiosk checks the line out,
 * and both agree again. No kiosk keeps anything that names the person.
 */

const SPACE = 'co-nnexion-mons';
const PERSON = {
  first: 'Griselda',
  last: 'Vanderkerckhove',
  email: 'griselda.vdk@example.org',
  company: 'Grenswerk vzw',
};

test.describe.configure({ timeout: 180_000 });

let pair: SpacePair;

test.beforeEach(async () => {
  pair = await launchSpacePair(SPACE, ['mons-desk-1', 'mons-desk-2']);
});

test.afterEach(async () => {
  await pair.dispose();
});

/** The lines of "who is in" on the host screen, as text. */
async function roster(page: Page): Promise<string[]> {
  await page.getByTestId('host-back').click();
  await openHost(page);
  if ((await page.getByTestId('host-empty').count()) > 0) return [];
  return page.getByTestId('host-presence').getByRole('listitem').allInnerTexts();
}

async function eraseOn(page: Page, query: string): Promise<void> {
  await page.getByTestId('host-visitor-data').click();
  await page.getByTestId('gdpr-search-query').fill(query);
  await page.getByTestId('gdpr-search-result').click();
  await page.getByTestId('gdpr-erase').click();
  await page.getByTestId('gdpr-erase-yes').click();
  await expect(page.getByTestId('gdpr-status')).toHaveAttribute('data-step', 'erased');
  await page.getByTestId('gdpr-back').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

test('an erased visitor who is in stays on both rosters, anonymous, until checked out', async () => {
  const { hub, a, b } = pair;
  await registerVisitor(a.page, PERSON);
  await syncKiosk(hub, a);
  await syncKiosk(hub, b);
  await openHost(a.page);
  await openHost(b.page);
  // The roster follows the pulled visit on its own: wait for it rather than read it once.
  await expect
    .poll(async () => (await roster(b.page)).join())
    .toContain('Griselda Vanderkerckhove');
  const [visit] = await readStore<Visit>(b.page, 'visits');
  if (!visit) throw new Error('kiosk B has no visit');

  await eraseOn(a.page, 'griselda');
  // At once on A: one anonymous line, in the kiosk's language (fr), at the same check-in.
  const onA = await roster(a.page);
  expect(onA).toHaveLength(1);
  expect(onA[0]).toContain('Nom effacé à sa demande');
  expect(onA[0]).not.toContain('Griselda');

  await syncKiosk(hub, a);
  await syncKiosk(hub, b);
  await expect.poll(() => roster(b.page)).toEqual(onA);
  for (const k of [a, b]) {
    const visits = await readStore<Visit>(k.page, 'visits');
    expect(visits).toEqual([
      expect.objectContaining({
        id: visit.id,
        personId: ANONYMOUS_PERSON_ID,
        checkInAt: visit.checkInAt,
      }),
    ]);
    expect(visits[0]?.checkOutAt).toBeUndefined();
    const everything = JSON.stringify(await readAllStores(k.page));
    for (const trace of [visit.personId, PERSON.first, PERSON.last, PERSON.email])
      expect(everything, `${trace} on ${k.kioskId}`).not.toContain(trace);
  }

  // B's host checks the line out; after a sync A's roster is empty too.
  await b.page.getByTestId('host-check-out').click();
  await b.page.getByTestId('host-check-out-confirm').click();
  await expect(b.page.getByTestId('host-empty')).toBeVisible();
  await syncKiosk(hub, b);
  await syncKiosk(hub, a);
  await expect.poll(() => roster(a.page)).toEqual([]);
  const closed = (await readStore<Visit>(a.page, 'visits'))[0];
  expect(closed).toMatchObject({ personId: ANONYMOUS_PERSON_ID, checkOutMethod: 'host' });
  expect(
    JSON.stringify(hub.query((db) => db.prepare('SELECT * FROM records').all())),
  ).not.toContain(PERSON.email);
});
