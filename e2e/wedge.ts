import type { Page } from '@playwright/test';

/** One physical key as CDP dispatches it: the character, the key position and the legacy code. */
export interface KeyStroke {
  key: string;
  code: string;
  text: string;
  keyCode: number;
}

/** Belgian AZERTY digit row without Shift: Digit0 … Digit9 type these. */
const AZERTY_DIGIT_ROW = ['à', '&', 'é', '"', "'", '(', '§', 'è', '!', 'ç'];

/** Reader gaps (4–15 ms) and a person's (80–250 ms); fixed sequences keep runs reproducible. */
export const READER_GAPS_MS = [4, 9, 6, 15, 5, 11, 7, 13, 8, 10];
export const HUMAN_GAPS_MS = [120, 180, 95, 240, 150, 210, 85, 170, 130, 250];

/**
 * The key strokes a wedge reader sends for `digits` on a QWERTY or Belgian AZERTY host layout:
 * the same `.code` (Digit0…), different `.key`/`.text`. Throws on a non-digit.
 */
export function digitStrokes(digits: string, layout: 'qwerty' | 'azerty' = 'qwerty'): KeyStroke[] {
  return Array.from(digits, (d) => {
    const n = Number(d);
    const char = layout === 'azerty' ? AZERTY_DIGIT_ROW[n] : d;
    if (!/^\d$/.test(d) || char === undefined) throw new Error(`not a digit: ${d}`);
    return { key: char, code: `Digit${d}`, text: char, keyCode: 48 + n };
  });
}

/** The Enter key that ends a reader burst. */
export const ENTER: KeyStroke = { key: 'Enter', code: 'Enter', text: '\r', keyCode: 13 };

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * How strokes reach the page. 'paced': each is sent at its due time, by the wall clock, so timers
 * in the page run between keys as they would for a person. 'batched': all are sent at once, their
 * timestamps spaced by the gaps and ending now — as when the OS queued a reader's keys while the
 * page was busy. Reader bursts use 'batched': a runner stalled for tens of ms by a parallel worker
 * must not turn a 4 ms gap into a cut-short burst. `{ stalls }`: stamped like 'batched' (the burst
 * was typed in the past, at reader speed), but before stroke i the sender waits `stalls[i]` ms,
 * so the page's timers run mid-burst: a loaded machine or a slow USB hub delivering late.
 */
export type Delivery = 'paced' | 'batched' | { stalls: Readonly<Record<number, number>> };

/**
 * Types `strokes` into the page as real, trusted key events (CDP Input.dispatchKeyEvent). Stroke i
 * is due `gaps[0] + … + gaps[i-1]` ms after the first (gaps repeat cyclically) and carries that
 * instant as its event timestamp, as a USB keyboard's keys carry the instant the OS received them;
 * the page's detector measures gaps from these timestamps. Resolves when every key-up has been
 * dispatched; rejects when CDP does.
 */
export async function typeStrokes(
  page: Page,
  strokes: readonly KeyStroke[],
  gaps: readonly number[],
  delivery: Delivery = 'paced',
): Promise<void> {
  const offsets: number[] = [];
  let elapsed = 0;
  for (let i = 0; i < strokes.length; i++) {
    if (i > 0) elapsed += gaps[(i - 1) % gaps.length] ?? 0;
    offsets.push(elapsed);
  }
  const total = offsets.at(-1) ?? 0;
  const cdp = await page.context().newCDPSession(page);
  try {
    const stalls = typeof delivery === 'object' ? delivery.stalls : {};
    const stallTotal = Object.values(stalls).reduce((a, b) => a + b, 0);
    const start = delivery === 'paced' ? Date.now() : Date.now() - total - stallTotal;
    const sent: Promise<unknown>[] = [];
    for (const [i, s] of strokes.entries()) {
      const due = start + (offsets[i] ?? 0);
      const wait = due - Date.now();
      // Elapsed time is what is under test: a person's (or a slow reader's) gaps as they come.
      if (delivery === 'paced' && wait > 0) await sleep(wait);
      const stall = stalls[i] ?? 0;
      if (stall > 0) {
        await Promise.all(sent.splice(0));
        await sleep(stall);
      }
      const common = {
        key: s.key,
        code: s.code,
        windowsVirtualKeyCode: s.keyCode,
        nativeVirtualKeyCode: s.keyCode,
      };
      // CDP handles one session's messages in order, so a batch keeps its key order unawaited.
      sent.push(
        cdp.send('Input.dispatchKeyEvent', {
          type: 'keyDown',
          ...common,
          text: s.text,
          unmodifiedText: s.text,
          timestamp: due / 1000,
        }),
        cdp.send('Input.dispatchKeyEvent', {
          type: 'keyUp',
          ...common,
          timestamp: (due + 1) / 1000,
        }),
      );
      if (delivery === 'paced') await Promise.all(sent.splice(0));
    }
    await Promise.all(sent);
  } finally {
    await cdp.detach();
  }
}

/** A card read by a wedge reader: the digits and Enter at reader speed. */
export async function swipeCard(
  page: Page,
  digits: string,
  layout: 'qwerty' | 'azerty' = 'qwerty',
): Promise<void> {
  await typeStrokes(page, [...digitStrokes(digits, layout), ENTER], READER_GAPS_MS, 'batched');
}
