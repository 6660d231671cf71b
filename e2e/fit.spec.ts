import { expect, test, type Browser, type Page } from '@playwright/test';
import { LANGS, type Lang } from '#shared/domain/types';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { cardGreetingIn, demoCardHolders, UNKNOWN_DIGITS } from './demo';
import { writeStores } from './idb';
import { appOrigin } from './support/origin';
import { screenKeyboard, smallestKey, tap, typeOnScreen } from './support/screen-keyboard';
import { swipeCard } from './wedge';

/**
 * Every screen of the kiosk fits a kiosk's screen lying down (1920×1080) and standing up
 * (1080×1920) in fr, nl and en, and is used with touch alone: the page never scrolls, the screen's
 * primary and back actions are wholly in view, and every control is reached with `.tap()` in a
 * touch context. No `fill` or `keyboard.press`: text goes in through the on-screen keyboard, and
 * only the card reader types keys (wedge bursts). The check is generic (scroll sizes, named
 * actions in view), so screens may gain panels and buttons without this spec changing.
 *
 * Two screens need the browser's storage to misbehave, which no real part does on demand here:
 * the store-error screen is reached by making IndexedDB refuse writes as a full disk does
 * (QuotaExceededError from the object stores' put and add, then restored), and the loading screen
 * by an IndexedDB whose open never answers (a page of its own). Both are doubles at the browser's
 * storage boundary alone; the app above them is the real build.
 */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;
type Size = (typeof SIZES)[number];

/** Long result and idle timeouts: each screen stays while it is measured. */
const QUERY = '?holdOffMs=0&resultScreenMs=120000&screenMs=600000';
const LOCALES: Record<Lang, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
const inactiveCard = demoCardHolders.find((h) => !h.member.isActive);

async function touchPage(browser: Browser, size: Size, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({
    baseURL: `${appOrigin()}/`,
    viewport: size,
    hasTouch: true,
    isMobile: false,
    locale,
  });
  return context.newPage();
}

/** The page does not scroll either way, and each of `actions` (test ids) is wholly in view. */
async function expectFits(page: Page, size: Size, what: string, actions: string[]): Promise<void> {
  const scroll = await page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollHeight: number; scrollWidth: number } };
      }
    ).document.documentElement;
    return { height: root.scrollHeight, width: root.scrollWidth };
  });
  expect(scroll.height, `${what}: page height`).toBeLessThanOrEqual(size.height);
  expect(scroll.width, `${what}: page width`).toBeLessThanOrEqual(size.width);
  for (const id of actions) {
    await expect(page.getByTestId(id), `${what}: ${id} in view`).toBeInViewport({ ratio: 1 });
  }
}

/** The keyboard is open, its keys are touch-sized and the field it types into sits above it. */
async function expectKeyboardBelow(page: Page, field: string, what: string): Promise<void> {
  await expect(screenKeyboard(page), `${what}: keyboard`).toBeInViewport({ ratio: 1 });
  const key = await smallestKey(page);
  expect(key.width, `${what}: key width`).toBeGreaterThanOrEqual(64);
  expect(key.height, `${what}: key height`).toBeGreaterThanOrEqual(64);
  const input = await page.getByTestId(field).boundingBox();
  const keyboard = await screenKeyboard(page).boundingBox();
  expect(input && keyboard && input.y + input.height <= keyboard.y, `${what}: ${field} above`).toBe(
    true,
  );
}

/**
 * Makes every IndexedDB write fail as on a full disk (`refuse`), or restores the browser's own
 * put and add. The page's badge flow then meets a real failed transaction.
 */
async function refuseWrites(page: Page, refuse: boolean): Promise<void> {
  await page.evaluate((on) => {
    const proto = IDBObjectStore.prototype;
    const saved = globalThis as typeof globalThis & {
      __idbWrites?: { put?: PropertyDescriptor; add?: PropertyDescriptor };
    };
    saved.__idbWrites ??= {
      put: Object.getOwnPropertyDescriptor(proto, 'put'),
      add: Object.getOwnPropertyDescriptor(proto, 'add'),
    };
    const { put, add } = saved.__idbWrites;
    if (on) {
      const full = (): never => {
        throw new DOMException('The disk is full.', 'QuotaExceededError');
      };
      Object.defineProperty(proto, 'put', { ...put, value: full });
      Object.defineProperty(proto, 'add', { ...add, value: full });
    } else if (put && add) {
      Object.defineProperty(proto, 'put', put);
      Object.defineProperty(proto, 'add', add);
    }
  }, refuse);
}

async function home(page: Page, size: Size, lang: Lang): Promise<void> {
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await page.getByTestId(`lang-${lang}`).tap();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expectFits(page, size, `home ${lang}`, ['open-host', `lang-${lang}`]);
}

/** A card read shows `screen`, which fits with `done` in view; tapping `done` goes home. */
async function resultScreen(
  page: Page,
  size: Size,
  lang: Lang,
  digits: string,
  screen: string,
  done: string,
): Promise<void> {
  await home(page, size, lang);
  await swipeCard(page, digits);
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
  await expectFits(page, size, `${screen} ${lang}`, [done]);
  await page.getByTestId(done).tap();
}

/** The walk-in steps, typed and chosen by touch, each measured with its keyboard open. */
async function walkIn(page: Page, size: Size, lang: Lang): Promise<void> {
  const what = (step: string): string => `walk-in ${step} ${lang}`;
  await page.getByTestId('host-walk-in').tap();
  await expect(page.getByTestId('screen-walk-in')).toBeVisible();
  await expectFits(page, size, what('who'), ['walkin-next', 'walkin-cancel', `lang-${lang}`]);
  await expect(page.getByTestId('walkin-step-who')).toBeVisible();
  await expectKeyboardBelow(page, 'walkin-firstName', what('who'));
  await typeOnScreen(page, 'Zoé', tap);
  await page.getByTestId('walkin-lastName').tap();
  await typeOnScreen(page, `D'Hondt ${lang}`, tap);
  await expect(page.getByTestId('walkin-firstName')).toHaveValue('Zoé');
  await expect(page.getByTestId('walkin-lastName')).toHaveValue(`D'Hondt ${lang}`);
  await page.getByTestId('walkin-returning-query').tap();
  await typeOnScreen(page, 'zzq', tap);
  await expect(page.getByTestId('walkin-returning-none')).toBeVisible();
  await expectFits(page, size, what('who, searching'), ['walkin-next', 'walkin-cancel']);
  await page.getByTestId('walkin-next').tap();

  await expect(page.getByTestId('walkin-step-contact')).toBeVisible();
  await expectFits(page, size, what('contact'), ['walkin-next', 'walkin-back', 'walkin-cancel']);
  await page.getByTestId('walkin-email').tap();
  await expectKeyboardBelow(page, 'walkin-email', what('contact'));
  await typeOnScreen(page, 'zoe@example.be', tap);
  await page.getByTestId('walkin-phone').tap();
  await expectKeyboardBelow(page, 'walkin-phone', what('contact, phone'));
  await typeOnScreen(page, '+32 470 12 34', tap);
  await expect(page.getByTestId('walkin-email')).toHaveValue('zoe@example.be');
  await expect(page.getByTestId('walkin-phone')).toHaveValue('+32 470 12 34');
  await page.getByTestId('walkin-next').tap();

  await expect(page.getByTestId('walkin-step-visit')).toBeVisible();
  await page.getByTestId('walkin-country-FR').tap();
  await page.getByTestId('walkin-purpose-meeting').tap();
  await expectKeyboardBelow(page, 'walkin-member-query', what('visit'));
  await typeOnScreen(page, 'cam', tap);
  await page.getByTestId('walkin-member-result').first().tap();
  await expect(page.getByTestId('walkin-member')).toContainText('Camille Dubois');
  await expectFits(page, size, what('visit'), ['walkin-next', 'walkin-back', 'walkin-cancel']);
  await page.getByTestId('walkin-next').tap();

  await expect(page.getByTestId('walkin-step-consent')).toBeVisible();
  await expectFits(page, size, what('consent'), ['walkin-submit', 'walkin-back', 'walkin-cancel']);
  await page.getByTestId('walkin-consent').tap();
  await page.getByTestId('walkin-submit').tap();

  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  await expectFits(page, size, `bind card ${lang}`, ['bind-done']);
  await swipeCard(page, UNKNOWN_DIGITS);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
  await page.getByTestId('bind-done').tap();
}

/** The visitor-data screen: the search typed on the keyboard, a visitor chosen, then back. */
async function visitorData(page: Page, size: Size, lang: Lang): Promise<void> {
  await page.getByTestId('host-visitor-data').tap();
  await expect(page.getByTestId('screen-visitor-data')).toBeVisible();
  await expectFits(page, size, `visitor data ${lang}`, ['gdpr-back']);
  await expectKeyboardBelow(page, 'gdpr-search-query', `visitor data ${lang}`);
  await typeOnScreen(page, 'zoe', tap);
  await page.getByTestId('gdpr-search-result').first().tap();
  await expect(page.getByTestId('gdpr-chosen')).toBeVisible();
  await expectFits(page, size, `visitor data chosen ${lang}`, [
    'gdpr-back',
    'gdpr-export',
    'gdpr-erase',
  ]);
  await page.getByTestId('gdpr-erase').tap();
  await expectFits(page, size, `visitor data, erase asked ${lang}`, [
    'gdpr-erase-no',
    'gdpr-erase-yes',
  ]);
  await page.getByTestId('gdpr-erase-no').tap();
  await page.getByTestId('gdpr-back').tap();
}

/**
 * Stores `count` events on now at the demo space, with long French titles (`fit-0`, `fit-1`, …),
 * and reloads the page: the kiosk reads its space's events at start.
 */
async function storeEventsOnNow(page: Page, count: number): Promise<void> {
  const now = Date.now();
  const long =
    'Atelier e-branding : construire sa marque personnelle sur LinkedIn, Instagram et au-delà';
  await writeStores(
    page,
    Array.from({ length: count }, (_, i) => ({
      store: 'events',
      put: {
        id: `fit-${String(i)}`,
        spaceId: DEMO_KIOSK_CONFIG.spaceId,
        uid: `fit-${String(i)}@fit`,
        startsAt: now + i * 5 * 60_000,
        endsAt: now + 180 * 60_000,
        allDay: false,
        title: { fr: `${long} ${String(i)}`, nl: `Workshop e-branding ${String(i)}` },
        status: 'confirmed',
        updatedAt: now,
      },
    })),
  );
  await page.reload();
}

/**
 * The event picker at its fullest: four events on now (the most it offers) — the demo's own event
 * running at this space (shared/demo/demo-events.ts) and three with long titles — and the way
 * out. Each language's card is tapped and answered "just the workspace" / "leaving".
 */
async function eventPicker(page: Page, size: Size): Promise<void> {
  await storeEventsOnNow(page, 3);
  for (const lang of LANGS) {
    await home(page, size, lang);
    await swipeCard(page, cardGreetingIn(lang).dec10);
    await expect(page.getByTestId('screen-event-picker')).toBeVisible();
    const offered = page.locator(
      '[data-testid^="event-choice-"]:not([data-testid="event-choice-none"])',
    );
    await expect(offered).toHaveCount(4);
    await expectFits(page, size, `event picker ${lang}`, [
      'event-choice-fit-0',
      'event-choice-fit-2',
      'event-choice-none',
    ]);
    await page.getByTestId('event-choice-none').tap();
    await expect(page.getByTestId('screen-welcome')).toBeVisible();
    await expectFits(page, size, `welcome after the picker ${lang}`, ['welcome-done']);
    await page.getByTestId('welcome-done').tap();
  }
}

/**
 * The walk-in's visit step with two events on (long titles): the event choice, "just the
 * workspace" and the step's actions all in view, by touch, in each language; an event chosen.
 */
async function walkInEvents(page: Page, size: Size): Promise<void> {
  await storeEventsOnNow(page, 2);
  for (const lang of LANGS) {
    const what = `walk-in visit step, two events on, ${lang}`;
    await home(page, size, lang);
    await page.getByTestId('open-host').tap();
    for (const digit of '1234') await page.getByTestId(`pad-${digit}`).tap();
    await page.getByTestId('host-pin-submit').tap();
    await page.getByTestId('host-walk-in').tap();
    await typeOnScreen(page, 'Zoé', tap);
    await page.getByTestId('walkin-lastName').tap();
    await typeOnScreen(page, 'Lambert', tap);
    await page.getByTestId('walkin-next').tap();
    await page.getByTestId('walkin-next').tap();
    await expect(page.getByTestId('walkin-step-visit')).toBeVisible();
    const choices = ['walkin-event-fit-0', 'walkin-event-fit-1', 'walkin-event-none'];
    const actions = ['walkin-next', 'walkin-back', 'walkin-cancel'];
    await expectFits(page, size, what, [...choices, ...actions]);
    await page.getByTestId('walkin-event-fit-1').tap();
    await expect(page.getByTestId('walkin-event-fit-1')).toHaveAttribute('aria-pressed', 'true');
    await expectFits(page, size, `${what}, chosen`, [...choices, ...actions]);
    await page.getByTestId('walkin-cancel').tap();
    await page.getByTestId('host-back').tap();
  }
}

for (const size of SIZES) {
  test(`the walk-in's event choice fits ${size.width}×${size.height} in fr, nl and en, by touch alone`, async ({
    browser,
  }) => {
    const page = await touchPage(browser, size);
    await page.goto(`./${QUERY}`);
    await expect(page.getByTestId('screen-home')).toBeVisible();
    await walkInEvents(page, size);
    await page.context().close();
  });

  test(`the event picker fits ${size.width}×${size.height} in fr, nl and en, by touch alone`, async ({
    browser,
  }) => {
    const page = await touchPage(browser, size);
    await page.goto(`./${QUERY}`);
    await expect(page.getByTestId('screen-home')).toBeVisible();
    await eventPicker(page, size);
    await page.context().close();
  });

  test(`every screen fits ${size.width}×${size.height} in fr, nl and en, by touch alone`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const page = await touchPage(browser, size);
    await page.goto(`./${QUERY}`);
    expect(inactiveCard).toBeDefined();
    for (const lang of LANGS) {
      await resultScreen(page, size, lang, cardGreetingIn(lang).dec10, 'welcome', 'welcome-done');
      await resultScreen(page, size, lang, UNKNOWN_DIGITS, 'unknown', 'unknown-done');
      await resultScreen(page, size, lang, inactiveCard?.dec10 ?? '', 'inactive', 'inactive-done');

      await home(page, size, lang);
      await page.getByTestId('open-host').tap();
      await expect(page.getByTestId('screen-host-pin')).toBeVisible();
      await expectFits(page, size, `host PIN ${lang}`, ['host-pin-submit', 'host-pin-back']);
      for (const digit of '1234') await page.getByTestId(`pad-${digit}`).tap();
      await page.getByTestId('host-pin-submit').tap();
      await expect(page.getByTestId('screen-host')).toBeVisible();
      await expectFits(page, size, `host ${lang}`, ['host-back', 'host-walk-in']);

      await walkIn(page, size, lang);
      await expect(page.getByTestId('screen-host')).toBeVisible();
      await page.getByTestId('host-check-out').first().tap();
      await expectFits(page, size, `host, check-out asked ${lang}`, [
        'host-check-out-confirm',
        'host-check-out-cancel',
        'host-back',
      ]);
      await page.getByTestId('host-check-out-cancel').tap();
      await visitorData(page, size, lang);
      await expect(page.getByTestId('screen-host')).toBeVisible();
      await page.getByTestId('host-back').tap();

      // The spare card bound in the walk-in: tapping it checks the visitor out.
      await resultScreen(page, size, lang, UNKNOWN_DIGITS, 'visitor-out', 'visitor-out-done');

      await refuseWrites(page, true);
      await resultScreen(
        page,
        size,
        lang,
        cardGreetingIn(lang).dec10,
        'store-error',
        'store-error-done',
      );
      await refuseWrites(page, false);
    }

    await page.context().close();

    // The config-error screen, in the language the system asks for (it has no language buttons).
    for (const lang of LANGS) {
      const broken = await touchPage(browser, size, LOCALES[lang]);
      await broken.goto('./?screenMs=1&holdOffMs=-5');
      await expect(broken.getByTestId('screen-config-error')).toBeVisible();
      await expectFits(broken, size, `config error ${lang}`, ['screen-config-error']);
      await broken.context().close();
    }

    // The loading screen, held by an IndexedDB that never opens (before any config is known it
    // speaks the system's language).
    for (const lang of LANGS) {
      const waiting = await touchPage(browser, size, LOCALES[lang]);
      await waiting.addInitScript(() => {
        IDBFactory.prototype.open = function never(): IDBOpenDBRequest {
          return new EventTarget() as IDBOpenDBRequest;
        };
      });
      await waiting.goto(`./${QUERY}`);
      await expect(waiting.getByTestId('screen-loading')).toBeVisible();
      await expectFits(waiting, size, `loading ${lang}`, ['screen-loading']);
      await waiting.context().close();
    }
  });
}

/** The agenda and an opened event, every filter tapped, fit with home and the pager in view. */
async function agenda(page: Page, size: Size, lang: Lang): Promise<void> {
  const what = (step: string): string => `agenda ${step} ${lang}`;
  await page.getByTestId('open-agenda').tap();
  await expect(page.getByTestId('screen-agenda')).toBeVisible();
  await expect(page.getByTestId('agenda-event').first()).toBeVisible();
  const always = ['agenda-home', 'agenda-previous', 'agenda-next', `lang-${lang}`];
  await expectFits(page, size, what('today'), always);
  for (const filter of ['agenda-scope-here', 'agenda-country-FR', 'agenda-lang-en']) {
    await page.getByTestId(filter).tap();
    await expect(page.getByTestId(filter)).toHaveAttribute('aria-pressed', 'true');
    await expectFits(page, size, what(filter), [...always, filter]);
  }
  for (const all of ['agenda-scope-all', 'agenda-country-all', 'agenda-lang-all']) {
    await page.getByTestId(all).tap();
  }
  await page.getByTestId('agenda-week-next').tap();
  await page.getByTestId('agenda-day-8').tap();
  await expect(page.getByTestId('agenda-day-8')).toHaveAttribute('aria-pressed', 'true');
  await expectFits(page, size, what('day 8'), [...always, 'agenda-day-8', 'agenda-week-previous']);
  await page.getByTestId('agenda-week-previous').tap();
  await page.getByTestId('agenda-day-0').tap();
  await page.getByTestId('agenda-next').tap();
  await expect(page.getByTestId('agenda-page')).toContainText('2');
  await expectFits(page, size, what('page 2'), always);
  await page.getByTestId('agenda-previous').tap();
  await page.getByTestId('agenda-event').first().tap();
  await expect(page.getByTestId('agenda-detail')).toBeVisible();
  await expectFits(page, size, what('event'), ['agenda-detail-back', 'agenda-home', 'agenda-qr']);
  await page.getByTestId('agenda-detail-back').tap();
  await expect(page.getByTestId('agenda-list')).toBeVisible();
  await page.getByTestId('agenda-home').tap();
  await expect(page.getByTestId('screen-home')).toBeVisible();
}

for (const size of SIZES) {
  test(`the agenda fits ${size.width}×${size.height} in fr, nl and en, by touch alone`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const page = await touchPage(browser, size);
    await page.goto(`./${QUERY}`);
    for (const lang of LANGS) {
      await home(page, size, lang);
      await expectFits(page, size, `home with the agenda ${lang}`, [
        'open-agenda',
        'home-upcoming',
      ]);
      await agenda(page, size, lang);
    }
    await page.context().close();
  });
}
