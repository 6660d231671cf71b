import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import type { Lang } from '#shared/domain/types';
import { PASSWORD } from './console-hub';

/**
 * Collects what would make a console page unfit: CSP violations and uncaught page errors. Call
 * before the first navigation; check with `expect(problems).toEqual([])`.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(`csp: ${m.text()}`);
    }
  });
  return problems;
}

/** Opens the console at `hubUrl`, signed out, and signs in through the form. */
export async function signIn(page: Page, hubUrl: string, email: string, password = PASSWORD) {
  await page.goto(`${hubUrl}/console/`);
  // The form, not the shell: a session still held would show the shell's own email field.
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('button[type="submit"]').click();
}

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The page scrolls sideways (content wider than the viewport). */
export async function expectNoSidewaysScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `${where}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.client);
}

/** The screens every console page is checked on: a laptop (mouse) and a tablet (touch). */
export const SCREENS = [
  { name: 'laptop', viewport: { width: 1366, height: 768 }, hasTouch: false },
  { name: 'tablet', viewport: { width: 768, height: 1024 }, hasTouch: true },
] as const;
export type Screen = (typeof SCREENS)[number];

/** A page of its own on `screen` in `lang`, its problems watched; close its `context` after. */
export interface ScreenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: string[];
  /** Clicks, or taps on a touch screen (pages are opened by taps there). */
  readonly press: (target: Locator) => Promise<void>;
}

/** Opens a fresh context and page of `browser` sized and set as `screen`, in `lang`. */
export async function screenPage(
  browser: Browser,
  screen: Screen,
  lang: Lang,
): Promise<ScreenPage> {
  const context = await browser.newContext({
    viewport: screen.viewport,
    hasTouch: screen.hasTouch,
    locale: `${lang}-BE`,
  });
  const page = await context.newPage();
  return {
    context,
    page,
    problems: watchProblems(page),
    press: (target) => (screen.hasTouch ? target.tap() : target.click()),
  };
}
