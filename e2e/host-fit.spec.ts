import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demoCardHolders } from './demo';
import { createDemoKioskMain } from './support/kiosk-main';
import { swipeCard } from './wedge';

/**
 * The host screen fits a kiosk's screen lying down (1920×1080) and standing up (1080×1920) in
 * every language, with a full building: the page never scrolls, the list of who is in scrolls
 * inside itself, and the way back and "Leave kiosk mode" stay on screen; so does the PIN screen
 * that leaving asks. Through the main wiring (a plain browser has no kiosk mode to leave). Taps only.
 */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;

for (const size of SIZES) {
  test(`the host screen fits ${size.width}×${size.height} in fr, nl and en with everyone in`, async ({
    kiosk,
    baseURL,
  }) => {
    const main = await createDemoKioskMain({
      appOrigin: new URL(baseURL ?? '').origin,
      configure: (demo) => ({ ...demo, badge: { ...demo.badge, holdOffMs: 0 } }),
    });
    await main.install(kiosk.page);
    try {
      await fitsWithEveryoneIn(await kiosk.open(), size);
    } finally {
      await main.dispose();
    }
  });
}

/** Everyone checked in, then the host screen and the leave PIN screen in each language. */
async function fitsWithEveryoneIn(page: Page, size: { width: number; height: number }) {
  await page.setViewportSize(size);
  const active = demoCardHolders.filter((h) => h.member.isActive);
  expect(active.length).toBeGreaterThan(8);
  for (const holder of active) {
    await swipeCard(page, holder.dec10);
    await expect(page.getByTestId('welcome-name')).toHaveText(holder.member.displayName);
    await page.getByTestId('welcome-done').click();
    await expect(page.getByTestId('screen-home')).toBeVisible();
  }
  for (const lang of ['fr', 'nl', 'en'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await page.getByTestId('open-host').click();
    for (const digit of '1234') await page.getByTestId(`pad-${digit}`).click();
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-presence').locator('li')).toHaveCount(active.length);
    const page_ = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
    }));
    expect(page_.scrollHeight).toBeLessThanOrEqual(size.height);
    expect(page_.scrollWidth).toBeLessThanOrEqual(size.width);
    await expect(page.getByTestId('host-back')).toBeInViewport();
    await expect(page.getByTestId('host-leave-kiosk')).toBeInViewport();
    await page.getByTestId('host-leave-kiosk').click();
    await expect(page.getByTestId('host-pin-purpose')).toBeVisible();
    await expect(page.getByTestId('host-pin-submit')).toBeInViewport();
    await expect(page.getByTestId('host-pin-back')).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      size.height,
    );
    await page.getByTestId('host-pin-back').click();
    await page.getByTestId('host-back').click();
    await expect(page.getByTestId('screen-home')).toBeVisible();
  }
}
