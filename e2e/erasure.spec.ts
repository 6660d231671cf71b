import AxeBuilder from '@axe-core/playwright';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../scripts/chromium';
import type { Visit, Visitor } from '#shared/domain/types';
import { UNKNOWN_DIGITS } from './demo';
import { expect, test } from './fixtures';
import { readAllStores, readStore } from './idb';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { startNetSwitch, type NetSwitch } from './support/net-switch';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { submitWalkIn } from './support/walk-in-form';
import { appOrigin, SPACES_CSV, membersCsv, syncAndWait } from './support/sync-kiosk';
import { swipeCard } from './wedge';

/**
 * GDPR erasure and export end to end (issue 5, part 7): the real hub as a child process on SQLite,
 * kiosk A (the fixture's browser) and kiosk B (a second persistent profile) of the same space,
 * each with main's real hub client behind the IPC double. B reaches the hub through a switch that
 * takes it offline. The erasure is made on A's host screen while B is offline with a pending
 * check-out of the person; afterwards no trace of the person is left in any object store of
 * either kiosk, and once both have pulled past the erasure and the hub compacted it, none in any
 * hub table or change log, not even their id.
 */

const SPACE = 'co-nnexion-mons';
const PIN = '1234';
const PERSON = {
  first: 'Griselda',
  last: 'Vanderkerckhove',
  email: 'griselda.vdk@example.org',
  phone: '+32470123456',
};

test.describe.configure({ timeout: 180_000 });

let hub: SyncHub;
const mains: KioskMain[] = [];
let netSwitch: NetSwitch | null = null;
let kioskB: { context: BrowserContext; profileDir: string } | null = null;

test.beforeEach(async () => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  await hub.importCsv('members', membersCsv(3, SPACE));
});

test.afterEach(async () => {
  if (kioskB) {
    await kioskB.context.close();
    await rm(kioskB.profileDir, { recursive: true, force: true });
    kioskB = null;
  }
  for (const m of mains.splice(0)) await m.dispose();
  await netSwitch?.close();
  netSwitch = null;
  await hub.dispose();
});

async function mainFor(kioskId: string, hubUrl: string): Promise<KioskMain> {
  const main = await createKioskMain({
    kioskId,
    spaceId: SPACE,
    hubUrl,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: appOrigin(),
  });
  mains.push(main);
  return main;
}

async function openKiosk(page: Page, main: KioskMain): Promise<void> {
  await main.install(page);
  await page.goto(`${appOrigin()}/`);
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
}

async function openHost(page: Page): Promise<void> {
  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill(PIN);
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

/** Registers the person as a walk-in on the host screen and binds the spare card to the visit. */
async function registerWalkIn(page: Page): Promise<void> {
  await page.getByTestId('host-walk-in').click();
  await submitWalkIn(page, PERSON);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'waiting');
  await swipeCard(page, UNKNOWN_DIGITS);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
  await page.getByTestId('bind-done').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

async function openVisitorData(page: Page, query: string): Promise<void> {
  await page.getByTestId('host-visitor-data').click();
  await expect(page.getByTestId('screen-visitor-data')).toBeVisible();
  await page.getByTestId('gdpr-search-query').fill(query);
}

/** Every hub table, each as one JSON text, read from the hub's SQLite file. */
function hubTables(): Record<string, string> {
  return hub.query((db) => {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      names.map(({ name }) => [name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]),
    );
  });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

function expectNoTrace(where: string, stores: Record<string, unknown>, traces: string[]): void {
  for (const [name, rows] of Object.entries(stores)) {
    const text = typeof rows === 'string' ? rows : JSON.stringify(rows);
    for (const trace of traces) expect(text, `${trace} in ${where} ${name}`).not.toContain(trace);
  }
}

test('an erasure on kiosk A reaches offline kiosk B before B pushes; no trace remains', async ({
  kiosk,
}) => {
  const mainA = await mainFor('mons-desk-a', hub.url);
  netSwitch = await startNetSwitch(hub.url);
  const mainB = await mainFor('mons-desk-b', netSwitch.url);
  const a = kiosk.page;
  await openKiosk(a, mainA);
  const profileDir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-profile-b-'));
  const contextB = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  kioskB = { context: contextB, profileDir };
  const b = contextB.pages()[0] ?? (await contextB.newPage());
  await openKiosk(b, mainB);

  // A walk-in on A, synced to the hub and to B.
  await openHost(a);
  await registerWalkIn(a);
  await syncAndWait(a, mainA);
  await syncAndWait(b, mainB);
  const [visitor] = await readStore<Visitor>(b, 'visitors');
  expect(visitor).toMatchObject({ firstName: PERSON.first, email: PERSON.email });
  const visits = await readStore<Visit>(b, 'visits');
  const card = visits.find((v) => v.personId === visitor?.id)?.cardId;
  expect(card).toBeDefined();
  const traces = [visitor?.id ?? '?', PERSON.first, PERSON.last, PERSON.email, PERSON.phone];
  traces.push(card ?? '?');
  expect(JSON.stringify(hubTables())).toContain(PERSON.email);

  // B goes offline and checks the visitor out from its host screen: a pending edit about them.
  netSwitch.setOnline(false);
  await openHost(b);
  await b.getByTestId('host-check-out').click();
  await b.getByTestId('host-check-out-confirm').click();
  await expect(b.getByTestId('host-empty')).toBeVisible();
  const pendingB = await readStore<{ recordId: string; record?: { personId?: string } }>(
    b,
    'outbox',
  );
  expect(pendingB.some((e) => e.record?.personId === visitor?.id)).toBe(true);

  // The host erases the visitor from A's screen, with the confirmation step; A syncs.
  await openVisitorData(a, 'griselda');
  await a.getByTestId('gdpr-search-result').click();
  await a.getByTestId('gdpr-erase').click();
  await a.getByTestId('gdpr-erase-yes').click();
  await expect(a.getByTestId('gdpr-status')).toHaveAttribute('data-step', 'erased');
  await syncAndWait(a, mainA);
  await expect.poll(async () => (await readStore(a, 'outbox')).length).toBe(0);

  // B comes back and syncs: it pulls the erasure first. The visitor was in at the erasure, so
  // the hub kept their visit as an anonymous line of the roster (decision 0019): B's pending
  // check-out is rewritten anonymised and pushed, and closes that line.
  netSwitch.setOnline(true);
  await syncAndWait(b, mainB);
  expect(await readStore(b, 'outbox')).toEqual([]);
  const fromB = hub.query(
    (db) =>
      db.prepare("SELECT status FROM mutations WHERE kiosk_id = 'mons-desk-b'").all() as {
        status: string;
      }[],
  );
  expect(fromB).toEqual([{ status: 'accepted' }]);
  await syncAndWait(a, mainA);
  const id = visitor?.id ?? '?';
  const visitId = visits.find((v) => v.personId === id)?.id ?? '?';
  for (const page of [a, b]) {
    const line = (await readStore<Visit>(page, 'visits')).find((v) => v.id === visitId);
    expect(line).toMatchObject({ personId: 'anonymous', checkOutMethod: 'host' });
    expect(line?.cardId).toBeUndefined();
  }

  // No trace of the person in either kiosk's IndexedDB (every store, raw rows).
  expectNoTrace('kiosk A', await readAllStores(a), traces);
  expectNoTrace('kiosk B', await readAllStores(b), traces);
  // Nor in the hub, apart from what lets the erasure win over late pushes until every kiosk has
  // it: the person's tombstone (their id, nothing else) and its erase change. Their visit is an
  // anonymous count, linked to nobody.
  const tombstones = hubTables();
  expectNoTrace('hub', tombstones, traces.slice(1));
  const idRows = hub.query((db) => ({
    records: db
      .prepare(
        'SELECT tbl, record_id, person_key, state FROM records WHERE record_id = ? OR person_key = ? ORDER BY tbl',
      )
      .all(id, `visitor:${id}`),
    changes: db.prepare('SELECT tbl, op, record FROM changes WHERE record_id = ?').all(id),
    elsewhere: Object.entries(tombstones)
      .filter(([name, rows]) => !['records', 'changes'].includes(name) && rows.includes(id))
      .map(([name]) => name),
  }));
  expect(idRows).toEqual({
    records: [{ tbl: 'visitors', record_id: id, person_key: null, state: '{"kind":"erased"}' }],
    changes: [{ tbl: 'visitors', op: 'erase', record: null }],
    elsewhere: [],
  });
  expect(
    hub.query((db) =>
      db.prepare('SELECT person_key FROM records WHERE record_id = ?').get(visitId),
    ),
  ).toEqual({ person_key: null });

  // Each kiosk's next pull request tells the hub it has applied the erasure; the compaction
  // (run by the CLI purge, as by the hub's hourly timer) then removes even the id.
  await syncAndWait(a, mainA);
  await syncAndWait(b, mainB);
  // The hub stores pull marks behind the pulls (within a second, hub/sync/pull-marks.ts).
  const eraseSeq = hub.query(
    (db) => (db.prepare("SELECT seq FROM changes WHERE op = 'erase'").get() as { seq: number }).seq,
  );
  await expect
    .poll(() =>
      hub.query(
        (db) =>
          (
            db
              .prepare('SELECT min(pulled_through) AS m FROM kiosks WHERE revoked_at IS NULL')
              .get() as { m: number }
          ).m,
      ),
    )
    .toBeGreaterThanOrEqual(eraseSeq);
  expect(await hub.cli('purge')).toContain('Compacted 1 erasure; 0 wait for a kiosk');
  expectNoTrace('hub', hubTables(), traces);
  expectNoTrace('kiosk A', await readAllStores(a), traces);
  expectNoTrace('kiosk B', await readAllStores(b), traces);
});

test('exports a visitor as JSON from the host screen; short, unknown and cancelled paths', async ({
  kiosk,
}) => {
  const main = await mainFor('mons-desk-a', hub.url);
  const page = kiosk.page;
  await openKiosk(page, main);
  await openHost(page);
  await registerWalkIn(page);

  await openVisitorData(page, 'gr');
  await expect(page.getByTestId('gdpr-search-result')).toHaveCount(0);
  await expect(page.getByTestId('gdpr-search-none')).toHaveCount(0);
  await page.getByTestId('gdpr-search-query').fill('zzzqx');
  await expect(page.getByTestId('gdpr-search-none')).toBeVisible();
  await page.getByTestId('gdpr-search-query').fill('vanderk');
  await expect(page.getByTestId('gdpr-search-result')).toHaveCount(1);
  await expect(page.getByTestId('gdpr-search-result')).not.toContainText(PERSON.last);
  await page.getByTestId('gdpr-search-result').click();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('gdpr-export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^visitor-[\w-]{8}-\d{4}-\d{2}-\d{2}\.json$/);
  const path = await download.path();
  const file = JSON.parse(await readFile(path, 'utf8')) as {
    version: number;
    visitor: Visitor;
    visits: (Visit & { details?: { purpose: { kind: string } } })[];
  };
  expect(file.version).toBe(1);
  expect(file.visitor).toMatchObject({
    firstName: PERSON.first,
    lastName: PERSON.last,
    email: PERSON.email,
    phone: PERSON.phone,
    consentVersion: '2025-03-v1',
  });
  expect(file.visits).toHaveLength(1);
  expect(file.visits[0]).toMatchObject({ personId: file.visitor.id, spaceId: SPACE });
  expect(file.visits[0]?.details?.purpose.kind).toBe('coworking');
  await expect(page.getByTestId('gdpr-status')).toHaveAttribute('data-notice', 'exported');
  expect(await seriousViolations(page)).toEqual([]);

  // Cancelling the erasure keeps everything.
  await page.getByTestId('gdpr-erase').click();
  // The kiosk speaks its default language (fr); the name stays masked there too.
  await expect(page.getByRole('alertdialog')).toContainText('Effacer Griselda V…');
  await expect(page.getByRole('alertdialog')).not.toContainText(PERSON.last);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('gdpr-erase-no').click();
  await expect(page.getByTestId('gdpr-chosen')).toBeVisible();
  expect(await readStore(page, 'visitors')).toHaveLength(1);
  await page.getByTestId('gdpr-back').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
});
