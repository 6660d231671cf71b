import type { Page } from '@playwright/test';

/**
 * Resolves once the page's own wall clock (`Date.now()` in the page) has reached `at` (epoch ms):
 * the moment a wall-clock rule such as the badge hold-off is over, waited for as such rather than
 * slept through. Rejects after `timeoutMs`.
 *
 * Playwright's `page.clock` would avoid the wait but cannot be used where wedge bursts are typed:
 * it replaces `Event.timeStamp` with its own clock read when the page handles each key, so a busy
 * page spreads a reader's burst over the handling delays instead of the key events' real instants,
 * which the wedge detector measures (renderer/src/lib/wedge/wedge-detector.ts).
 */
export async function untilPageTime(page: Page, at: number, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction((end) => Date.now() >= end, at, { timeout: timeoutMs });
}
