import type { Page } from '@playwright/test';
import { z } from 'zod';
import { parseKioskConfig } from '#shared/config/kiosk-config';
import { LANGS, type Lang } from '#shared/domain/types';
import * as contractCodes from '#shared/ipc/codes';
import { WEDGE_READER_NAME } from '#shared/ipc/contract';
import en from '#renderer/i18n/en.json' with { type: 'json' };
import { cardGreetingIn, demoCardHolders, UNKNOWN_DIGITS } from './demo';
import { expect, test } from './fixtures';
import { DEMO_PIN, openHost, registerWalkIn } from './support/print-steps';
import { untilPageTime } from './support/page-clock';
import { fillWalkIn } from './support/walk-in-form';
import { swipeCard } from './wedge';

/**
 * No raw code on screen (issue 10): every screen the kiosk shows, in fr, nl and en, is walked and
 * its visible text (and the labels a screen reader speaks) must hold no catalogue key (an
 * untranslated `section.key`) and no code of the IPC contract (`hub-not-configured`,
 * `keyboard-wedge`, `owned-by-os`…). The sync and readers panels are also held to what they say
 * on a kiosk without a hub and with a keyboard reader that main cannot see.
 */

function leafKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === 'object'
      ? leafKeys(value as Record<string, unknown>, path)
      : [path];
  });
}

const CATALOGUE_KEYS = leafKeys(en);
/** The contract's kebab-case codes; one-word states (`connected`) are words, not codes. */
const CODES = [
  WEDGE_READER_NAME,
  ...Object.values(contractCodes).flatMap((value) =>
    value instanceof z.ZodEnum ? (value.options as string[]) : [],
  ),
].filter((code, i, all) => code.includes('-') && all.indexOf(code) === i);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FORBIDDEN = [...CATALOGUE_KEYS, ...CODES].map(
  (raw) => [raw, new RegExp(`(?<![\\w.-])${escape(raw)}(?![\\w-])`)] as const,
);

/** What the screen shows and speaks now: the text, and the labels of its controls. */
function wordsOnScreen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labels = Array.from(document.querySelectorAll('[aria-label],[placeholder],[title],[alt]'))
      .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a)))
      .filter((v): v is string => v !== null);
    return [document.body.innerText, ...labels].join('\n');
  });
}

/** Fails naming the screen and every key or code its words contain. */
async function expectNoRawCode(page: Page, screen: string): Promise<void> {
  const words = await wordsOnScreen(page);
  expect(words.trim().length, `${screen} shows words`).toBeGreaterThan(0);
  const found = FORBIDDEN.filter(([, pattern]) => pattern.test(words)).map(([raw]) => raw);
  expect(found, `${screen}: ${words}`).toEqual([]);
}

/** Home in `lang` (each result screen goes home in the default language). */
async function homeIn(page: Page, lang: Lang): Promise<void> {
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

const inactiveCard = demoCardHolders.find((h) => !h.member.isActive);

/** The English sentence the config validator gives a bad config (its message, never shown as is). */
const INVALID_CONFIG_MESSAGE = (() => {
  const parsed = parseKioskConfig({});
  if (parsed.ok) throw new Error('an empty config passed validation');
  return parsed.error.message;
})();

for (const lang of LANGS) {
  test(`every screen speaks ${lang} with no key or code`, async ({ kiosk }) => {
    test.setTimeout(120_000);
    expect(inactiveCard).toBeDefined();
    const page = await kiosk.open('?resultScreenMs=60000&holdOffMs=500');
    await homeIn(page, lang);
    await expectNoRawCode(page, 'home');

    await page.getByTestId('open-agenda').click();
    await expect(page.getByTestId('agenda-event').first()).toBeVisible();
    await expectNoRawCode(page, 'agenda');
    await page.getByTestId('agenda-event').first().click();
    await expect(page.getByTestId('agenda-detail')).toBeVisible();
    await expectNoRawCode(page, 'agenda, an event');
    await page.getByTestId('agenda-home').click();

    await swipeCard(page, cardGreetingIn(lang).dec10);
    await expect(page.getByTestId('screen-welcome')).toBeVisible();
    await expectNoRawCode(page, 'welcome');
    await page.getByTestId('welcome-done').click();

    await homeIn(page, lang);
    await swipeCard(page, UNKNOWN_DIGITS);
    await expect(page.getByTestId('screen-unknown')).toBeVisible();
    await expectNoRawCode(page, 'unknown card');
    await page.getByTestId('unknown-done').click();

    await homeIn(page, lang);
    await swipeCard(page, inactiveCard?.dec10 ?? '');
    await expect(page.getByTestId('screen-inactive')).toBeVisible();
    await expectNoRawCode(page, 'inactive badge');
    await page.getByTestId('inactive-done').click();

    await homeIn(page, lang);
    await page.getByTestId('open-host').click();
    await page.getByTestId('host-pin-input').fill('9999');
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-pin-message')).not.toBeEmpty();
    await expectNoRawCode(page, 'host PIN');
    await page.getByTestId('host-pin-input').fill(DEMO_PIN);
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('screen-host')).toBeVisible();
    await expect(page.getByTestId('reader-row')).toHaveCount(1);
    await expect(page.getByTestId('sync-panel')).toBeVisible();
    await expectNoRawCode(page, 'host');

    await page.getByTestId('host-visitor-data').click();
    await expect(page.getByTestId('screen-visitor-data')).toBeVisible();
    await expectNoRawCode(page, 'visitor data');
    await page.getByTestId('gdpr-back').click();

    await page.getByTestId('host-walk-in').click();
    await expect(page.getByTestId('screen-walk-in')).toBeVisible();
    await page.getByTestId(`lang-${lang}`).click();
    await page.getByTestId('walkin-next').click();
    await expect(page.getByTestId('walkin-firstName-error')).not.toBeEmpty();
    await expectNoRawCode(page, 'walk-in form, first step, with its errors');
    await fillWalkIn(page, { first: 'Paul', last: 'Martin', consent: false });
    await page.getByTestId('walkin-submit').click();
    await expect(page.getByTestId('walkin-consent-error')).not.toBeEmpty();
    await expectNoRawCode(page, 'walk-in form, consent step, with its error');
    await page.getByTestId('walkin-cancel').click();
    await expect(page.getByTestId('screen-host')).toBeVisible();

    await registerWalkIn(page, lang, 'Paul', 'Martin');
    await expectNoRawCode(page, 'bind card');
    await swipeCard(page, UNKNOWN_DIGITS);
    await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
    const boundAt = await page.evaluate(() => Date.now());
    await expectNoRawCode(page, 'bind card, bound');
    await page.getByTestId('bind-done').click();
    await page.getByTestId('host-back').click();
    await homeIn(page, lang);
    await untilPageTime(page, boundAt + 500);
    await swipeCard(page, UNKNOWN_DIGITS);
    await expect(page.getByTestId('screen-visitor-out')).toBeVisible();
    await expectNoRawCode(page, 'visitor out');
  });

  test(`the config-error screen speaks ${lang} with no key or code`, async ({ kiosk }) => {
    const page = kiosk.page;
    // Before any config is known the page picks the browser's language.
    await page.addInitScript((tag) => {
      Object.defineProperty(navigator, 'languages', { get: () => [tag] });
    }, `${lang}-BE`);
    await page.goto('./?screenMs=1&holdOffMs=-5');
    const screen = page.getByTestId('screen-config-error');
    await expect(screen).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    if (lang !== 'en') {
      // Only the validator's own lines, marked lang="en", may stay in main's English.
      const inLang = await screen.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[lang="en"]').forEach((e) => {
          e.remove();
        });
        return copy.textContent;
      });
      expect(inLang).not.toContain(INVALID_CONFIG_MESSAGE);
    }
    await expect(page.getByTestId('config-error-reason')).not.toBeEmpty();
    await expectNoRawCode(page, 'config error');
  });
}

test('without a hub the sync panel says the records stay here and offers no sync', async ({
  kiosk,
}) => {
  const page = await kiosk.open('?holdOffMs=0');
  await swipeCard(page, cardGreetingIn('en').dec10);
  await expect(page.getByTestId('screen-welcome')).toBeVisible();
  await page.getByTestId('welcome-done').click();
  await homeIn(page, 'en');
  await openHost(page);
  const panel = page.getByTestId('sync-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('button')).toHaveCount(0);
  await expect(panel.getByTestId('sync-pending')).toHaveCount(0);
  await expect(panel.getByTestId('sync-not-configured')).toHaveText(
    'This kiosk has no hub: it keeps its records here and sends them nowhere.',
  );
  await expect(panel.getByTestId('sync-kept')).toHaveText('1 change kept on this kiosk');
  await expect(panel).not.toContainText('hub-not-configured');
});

test('the keyboard reader says when it last read, never that it is connected', async ({
  kiosk,
}) => {
  const page = await kiosk.open('?holdOffMs=0');
  await homeIn(page, 'en');
  await openHost(page);
  const row = page.getByTestId('reader-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Keyboard reader');
  await expect(row.getByTestId('reader-state')).toHaveText('no read yet');
  await expect(row).not.toContainText(WEDGE_READER_NAME);
  await expect(row).not.toContainText('connected');
  await page.getByTestId('host-back').click();

  await swipeCard(page, cardGreetingIn('en').dec10);
  await expect(page.getByTestId('screen-welcome')).toBeVisible();
  await page.getByTestId('welcome-done').click();
  await homeIn(page, 'en');
  await openHost(page);
  await expect(row.getByTestId('reader-state')).toHaveText(/^last read at \d{2}:\d{2}$/);
  for (const lang of ['fr', 'nl'] as const) {
    await page.getByTestId('host-back').click();
    await homeIn(page, lang);
    await openHost(page);
    await expect(row).not.toContainText(WEDGE_READER_NAME);
    await expect(row.getByTestId('reader-state')).toHaveText(
      lang === 'fr' ? /^dernière lecture à \d{2}:\d{2}$/ : /^laatst gelezen om \d{2}:\d{2}$/,
    );
  }
});
