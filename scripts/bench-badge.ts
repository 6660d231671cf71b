/// <reference lib="dom" />
/**
 * Badge benchmark: in Debian's Chromium, against the built renderer with 100 000 members and
 * 500 000 visits stored in IndexedDB on disk, the time from the last key (Enter) of a wedge burst to
 * the greeting painted (the app's `kiosk:greeting-painted` mark). Prints figures, then one JSON line
 * last: {"p50_ms": …, "p95_ms": …}. Run: `npm run bench:badge` (builds the renderer first).
 * Sizes can be lowered for a quick look: BENCH_MEMBERS, BENCH_VISITS, BENCH_TAPS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { derivedForms, enrolmentKeys } from '#shared/card/card-id';
import { chromiumArgs, chromiumPath } from './chromium';
import { summarize } from './bench-stats';
import { runBench, type Teardown } from './bench-lifecycle';
import { startPreview } from './preview-server';
import { ENTER, READER_GAPS_MS, digitStrokes, type KeyStroke } from '../e2e/wedge';

const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 100_000);
const VISITS = Number(process.env['BENCH_VISITS'] ?? 500_000);
const TAPS = Number(process.env['BENCH_TAPS'] ?? 200);
const WARMUP = 10;
const SPACE = 'co-nnexion-mons';
const HOME_SPACES = [SPACE, 'esco-tournai', 'switch-charleroi', 'mutualab-lille', 'pop-lille'];

interface SeedMember {
  id: string;
  displayName: string;
  homeSpaceId: string;
  cardIds: string[];
  cardKeys: string[];
  isActive: boolean;
  updatedAt: number;
}

function cardOf(i: number): string {
  // 0x3A prefix keeps bench cards apart from the demo cards.
  return `3A${(0x10000000 + i * 7919).toString(16).toUpperCase().padStart(8, '0')}`;
}

function memberOf(i: number): SeedMember {
  const card = cardOf(i);
  return {
    id: `bench-member-${i}`,
    displayName: `Membre ${i}`,
    homeSpaceId: HOME_SPACES[i % HOME_SPACES.length] ?? SPACE,
    cardIds: [card],
    cardKeys: enrolmentKeys(card),
    isActive: true,
    updatedAt: 1_700_000_000_000,
  };
}

async function putChunk(page: Page, store: string, rows: unknown[]): Promise<void> {
  await page.evaluate(
    async ({ store, rows }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('coffee-kiosk');
        req.onsuccess = () => {
          resolve(req.result);
        };
        req.onerror = () => {
          reject(req.error ?? new Error('open failed'));
        };
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
        const os = tx.objectStore(store);
        for (const row of rows) os.put(row);
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(tx.error ?? new Error('tx failed'));
        };
      });
      db.close();
    },
    { store, rows },
  );
}

async function seed(page: Page): Promise<void> {
  const chunk = 10_000;
  for (let start = 0; start < MEMBERS; start += chunk) {
    const rows: SeedMember[] = [];
    for (let i = start; i < Math.min(MEMBERS, start + chunk); i += 1) rows.push(memberOf(i));
    await putChunk(page, 'members', rows);
  }
  const now = Date.now();
  for (let start = 0; start < VISITS; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(VISITS, start + chunk); i += 1) {
      const m = (i * 48271) % MEMBERS;
      const checkInAt = now - 400 * 86_400_000 + i * 60_000;
      rows.push({
        id: `bench-visit-${i}`,
        spaceId: i % 4 === 0 ? 'esco-tournai' : SPACE,
        personKind: 'member',
        personId: `bench-member-${m}`,
        cardId: cardOf(m),
        method: 'wedge',
        checkInAt,
        checkOutAt: checkInAt + 4 * 3_600_000,
        checkOutMethod: 'wedge',
        kioskId: 'bench-kiosk',
      });
    }
    await putChunk(page, 'visits', rows);
  }
}

interface KeyEvent {
  type: 'keyDown' | 'keyUp';
  key: string;
  code: string;
  windowsVirtualKeyCode: number;
  nativeVirtualKeyCode: number;
  text?: string;
  unmodifiedText?: string;
  timestamp: number;
}

function keyEvents(s: KeyStroke, at: number): KeyEvent[] {
  const common = {
    key: s.key,
    code: s.code,
    windowsVirtualKeyCode: s.keyCode,
    nativeVirtualKeyCode: s.keyCode,
  };
  return [
    {
      type: 'keyDown' as const,
      ...common,
      text: s.text,
      unmodifiedText: s.text,
      timestamp: at / 1000,
    },
    { type: 'keyUp' as const, ...common, timestamp: (at + 1) / 1000 },
  ];
}

/**
 * A reader burst as real, trusted key events. The digits go in one batch stamped at reader gaps
 * (a runner stalled by a parallel process must not split the burst); the Enter, whose timestamp
 * the measurement starts from, is stamped when it is actually sent, so its queueing behind the
 * digits is not counted as the app's time (unless that queueing outlasts a reader's gap).
 */
async function swipe(cdp: CDPSession, digits: string): Promise<void> {
  const strokes = digitStrokes(digits);
  const total = READER_GAPS_MS.slice(0, strokes.length - 1).reduce((a, b) => a + b, 0);
  let at = Date.now() - total;
  const sent: Promise<unknown>[] = [];
  strokes.forEach((s, i) => {
    for (const e of keyEvents(s, at)) sent.push(cdp.send('Input.dispatchKeyEvent', e));
    at += READER_GAPS_MS[i % READER_GAPS_MS.length] ?? 5;
  });
  await Promise.all(sent);
  const lastDigitAt = at - (READER_GAPS_MS[(strokes.length - 1) % READER_GAPS_MS.length] ?? 5);
  // A reader sends Enter a few ms after the last digit. If delivering the digits was slow, the
  // Enter keeps a reader's timing and the wait it then spends queued counts against the app.
  const enterAt = Math.min(Date.now(), lastDigitAt + 12);
  for (const e of keyEvents(ENTER, enterAt)) await cdp.send('Input.dispatchKeyEvent', e);
}

async function main(teardown: Teardown): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  teardown.add(() => {
    rmSync(profile, { recursive: true, force: true });
  });
  const server = await startPreview();
  teardown.add(() => server.stop());
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  teardown.add(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(() => {
    // Registered before the app's own capture listener, so it sees the Enter the app swallows.
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.code === 'Enter')
          (window as unknown as { lastEnterAt: number }).lastEnterAt = e.timeStamp;
      },
      { capture: true },
    );
  });
  const url = `${server.origin}/`;
  await page.goto(url);
  await page.getByTestId('screen-home').waitFor();
  const t0 = Date.now();
  await seed(page);
  const seedS = (Date.now() - t0) / 1000;
  console.log(`seeded ${MEMBERS} members and ${VISITS} visits in ${seedS.toFixed(1)} s`);
  await page.reload();
  await page.getByTestId('screen-home').waitFor();
  const cdp = await context.newCDPSession(page);

  const samples: number[] = [];
  for (let i = 0; i < TAPS + WARMUP; i += 1) {
    const m = (i * 7_001 + 13) % MEMBERS;
    const dec10 = derivedForms(cardOf(m))?.dec10;
    if (!dec10) throw new Error(`no dec10 form for ${cardOf(m)}`);
    const before = await page.evaluate(
      () => performance.getEntriesByName('kiosk:greeting-painted').length,
    );
    await swipe(cdp, dec10);
    await page.waitForFunction(
      (n) => performance.getEntriesByName('kiosk:greeting-painted').length > n,
      before,
      { timeout: 5000 },
    );
    const ms = await page.evaluate(() => {
      const marks = performance.getEntriesByName('kiosk:greeting-painted');
      const last = marks[marks.length - 1];
      const enter = (window as unknown as { lastEnterAt: number }).lastEnterAt;
      return (last?.startTime ?? Number.NaN) - enter;
    });
    if (i >= WARMUP) samples.push(ms);
    await page.getByTestId('welcome-done').click();
    await page.getByTestId('screen-home').waitFor();
  }
  const stats = summarize(samples);
  console.log(
    `badge: ${samples.length} taps, min ${stats.min.toFixed(1)} ms, p50 ${stats.p50.toFixed(1)} ms, ` +
      `p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
  );
  console.log(JSON.stringify({ p50_ms: round(stats.p50), p95_ms: round(stats.p95) }));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

await runBench(main);
