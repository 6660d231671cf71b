/**
 * One tap of `npm run bench:badge`: a wedge reader's burst as real key events, then what the page
 * showed and stored for it (bench-badge-probes.ts), checked against the plan.
 */
import type { CDPSession, Page } from 'playwright-core';
import { derivedForms } from '#shared/card/card-id';
import { ENTER, READER_GAPS_MS, digitStrokes, type KeyStroke } from '../e2e/wedge';
import { cardsOf, memberOf, type PlannedTap } from './bench-badge-people';
import type { BenchProbes, GreetingPaint } from './bench-badge-probes';

const TAP_TIMEOUT_MS = 30_000;
/** How many times one tap's burst is sent before the run fails. */
const MAX_SENDS = 5;

function keyEvents(s: KeyStroke, at: number) {
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

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, ms));
  });

/** Sends one key's down and up, stamped with the instant it is sent (the reader "typed" it now). */
async function press(cdp: CDPSession, stroke: KeyStroke): Promise<number> {
  const at = Date.now();
  for (const e of keyEvents(stroke, at)) await cdp.send('Input.dispatchKeyEvent', e);
  return at;
}

/**
 * A reader burst as real, trusted key events, paced as a reader types them: each key is sent at
 * its due time (the reader's gaps, then the Enter 12 ms after the last digit) and carries the
 * instant it was actually sent as its timestamp, as the OS stamps a USB key when it receives it.
 * So the Enter's timestamp, which the measurement starts from, is when it left the "reader":
 * what follows it (CDP's delivery to the page, a busy page, the app's work, the frame) is all
 * counted. A runner that stalls past the detector's gap splits the burst: tap() sends it again.
 */
async function swipe(cdp: CDPSession, digits: string): Promise<void> {
  const strokes = digitStrokes(digits);
  let due = Date.now();
  for (const [i, stroke] of strokes.entries()) {
    await sleep(due - Date.now());
    await press(cdp, stroke);
    due += i === strokes.length - 1 ? 12 : (READER_GAPS_MS[i % READER_GAPS_MS.length] ?? 5);
  }
  await sleep(due - Date.now());
  await press(cdp, ENTER);
}

/** One tap's times from the Enter's timestamp, in ms, and how often its burst was sent again. */
export interface TapTimes {
  /** To the greeting name's paint (Element Timing `renderTime`). */
  greeting: number;
  /** To the `complete` event of the transaction that wrote the visit and its outbox entry. */
  commit: number;
  /** Part of greeting: until the page began handling the Enter (input delivery, a busy page). */
  delivery: number;
  /** Part of greeting: from handling the Enter to the welcome screen in the DOM. */
  toScreen: number;
  resent: number;
}

/** What one burst led to, as the probes saw it. */
type Seen =
  /** The detector did not read it: the Enter went through uncancelled. */
  | { state: 'unread' }
  /** A result screen other than the greeting; `shown` is the card id an unknown screen shows. */
  | { state: 'refused'; screen: string; shown: string | null }
  | {
      state: 'greeted';
      enterAt: number;
      handledAt: number;
      /** When the DOM first showed the welcome screen after the Enter. */
      shownAt: number | null;
      paint: GreetingPaint;
      commitAt: number;
      isOpen: boolean | null;
      kind: string | null;
      name: string | null;
    };

/**
 * Swipes a card and waits for what it led to: its greeting painted and its visit committed, a
 * refusal screen, or no read at all.
 */
async function swipeAndWatch(
  page: Page,
  cdp: CDPSession,
  digits: string,
  personId: string,
): Promise<Seen> {
  const before = await page.evaluate(() => {
    const probes = (window as unknown as { __bench: BenchProbes }).__bench;
    return { enters: probes.enters.length, paints: probes.paints.length };
  });
  await swipe(cdp, digits);
  const handle = await page.waitForFunction(
    ({ before, personId }): Seen | null => {
      const probes = (window as unknown as { __bench: BenchProbes }).__bench;
      const enter = probes.enters[before.enters];
      if (enter === undefined || enter.isRead === null) return null;
      if (!enter.isRead) return { state: 'unread' };
      const refusal = probes.screens.find(
        (s) => s.at >= enter.handledAt && ['unknown', 'inactive', 'store-error'].includes(s.screen),
      );
      if (refusal !== undefined) {
        const shown = document.querySelector('[data-testid="unknown-card-id"]')?.textContent;
        return { state: 'refused', screen: refusal.screen, shown: shown?.trim() ?? null };
      }
      const paint = probes.paints[before.paints];
      const commit = probes.commits.find(
        (c) => c.at > enter.at && c.outbox > 0 && c.visits.some((v) => v.personId === personId),
      );
      if (paint === undefined || commit === undefined) return null;
      return {
        state: 'greeted',
        enterAt: enter.at,
        handledAt: enter.handledAt,
        shownAt:
          probes.screens.find((s) => s.screen === 'welcome' && s.at >= enter.handledAt)?.at ?? null,
        paint,
        commitAt: commit.at,
        isOpen: commit.visits.find((v) => v.personId === personId)?.isOpen ?? null,
        kind:
          document.querySelector('[data-testid="screen-welcome"]')?.getAttribute('data-kind') ??
          null,
        name: document.querySelector('[data-testid="welcome-name"]')?.textContent ?? null,
      };
    },
    { before, personId },
    { timeout: TAP_TIMEOUT_MS, polling: 50 },
  );
  const seen = await handle.jsonValue();
  await handle.dispose();
  if (seen === null) throw new Error('the tap left no trace');
  return seen;
}

/**
 * One tap, checked; resolves with its times and how often its burst had to be sent again,
 * rejects when the outcome is not the planned one. A loaded runner can deliver a burst's keys too
 * far apart: the wedge detector then reads nothing (the Enter goes through), or only its last
 * digits (an unknown card showing fewer digits than were sent). Such a burst is sent again (at
 * most MAX_SENDS bursts in all); the times are those of the burst read whole. Any other outcome
 * fails the run.
 */
export async function tap(page: Page, cdp: CDPSession, planned: PlannedTap): Promise<TapTimes> {
  const member = memberOf(planned.member);
  const card = cardsOf(planned.member)[0];
  const dec10 = card === undefined ? undefined : derivedForms(card.id, card.kind)?.dec10;
  if (dec10 === undefined) throw new Error(`member ${planned.member} has no card`);
  const what = `tap of member ${planned.member} (${dec10})`;
  for (let resent = 0; resent < MAX_SENDS; resent++) {
    const seen: Seen = await swipeAndWatch(page, cdp, dec10, member.id).catch(
      async (e: unknown) => {
        throw new Error(`${what}: ${await describePage(page)}`, { cause: e });
      },
    );
    if (seen.state === 'unread') continue;
    if (seen.state === 'refused') {
      if (seen.screen !== 'unknown' || seen.shown === dec10 || seen.shown === null) {
        throw new Error(`${what}: ${seen.screen} (${String(seen.shown)})`);
      }
      await page.getByTestId('unknown-done').click();
      await page.getByTestId('screen-home').waitFor();
      continue;
    }
    const committedAs = seen.isOpen === true ? 'checked-in' : 'checked-out';
    if (
      seen.kind !== planned.expected ||
      committedAs !== planned.expected ||
      seen.name !== member.displayName ||
      seen.paint.text !== member.displayName
    ) {
      throw new Error(
        `${what}: expected ${planned.expected} of ${member.displayName}, screen ` +
          `${String(seen.kind)} of ${String(seen.name)}, painted ${seen.paint.text}, ` +
          `committed ${committedAs}`,
      );
    }
    await page.getByTestId('welcome-done').click();
    await page.getByTestId('screen-home').waitFor();
    return {
      greeting: seen.paint.renderTime - seen.enterAt,
      commit: seen.commitAt - seen.enterAt,
      delivery: seen.handledAt - seen.enterAt,
      toScreen: (seen.shownAt ?? seen.handledAt) - seen.handledAt,
      resent,
    };
  }
  throw new Error(`${what}: ${MAX_SENDS} bursts, none read whole`);
}

/** What the page shows and what the probes saw last, for a failed tap's message. */
async function describePage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const probes = (window as unknown as { __bench: BenchProbes }).__bench;
    const screen = document.querySelector('main')?.getAttribute('data-screen');
    const last = probes.commits.at(-1);
    return JSON.stringify({
      screen,
      text: document.querySelector('main')?.textContent.slice(0, 200),
      enters: probes.enters.slice(-2),
      screens: probes.screens.slice(-4).map((s) => s.screen),
      paints: probes.paints.slice(-2),
      commits: probes.commits.length,
      lastCommit: last,
    });
  });
}
