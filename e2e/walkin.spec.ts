import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Visit, Visitor } from '#shared/domain/types';
import { LANGS, type Lang } from '#shared/domain/types';
import { UNKNOWN_DIGITS } from './demo';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { untilPageTime } from './support/page-clock';
import { click, screenKeyboard, typeOnScreen } from './support/screen-keyboard';
import { fillWalkIn, nextStep, submitWalkIn } from './support/walk-in-form';
import { digitStrokes, ENTER, READER_GAPS_MS, swipeCard, typeStrokes } from './wedge';
import en from '#renderer/i18n/en.json' with { type: 'json' };

/** The demo config's host PIN (shared/demo/demo-data.ts). */
const DEMO_PIN = '1234';
/** A card no member holds: the spare visitor card. */
const SPARE = UNKNOWN_DIGITS;

/** Each language's privacy-notice title and "required" message, as the catalogues say. */
const TEXT: Record<Lang, { privacy: string; required: string; nameChars: string }> = {
  fr: {
    privacy: 'Notice de confidentialité',
    required: 'Veuillez remplir ce champ.',
    nameChars: 'Utilisez uniquement des lettres',
  },
  nl: {
    privacy: 'Privacyverklaring',
    required: 'Vul dit veld in.',
    nameChars: 'Gebruik alleen letters',
  },
  en: { privacy: 'Privacy notice', required: 'Please fill this in.', nameChars: 'Use letters' },
};

async function openHost(page: Page): Promise<void> {
  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill(DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

async function openWalkIn(page: Page, lang?: Lang): Promise<void> {
  await openHost(page);
  await page.getByTestId('host-walk-in').click();
  await expect(page.getByTestId('screen-walk-in')).toBeVisible();
  if (lang) {
    await page.getByTestId(`lang-${lang}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const lang of LANGS) {
  test(`registers a walk-in in ${lang}, with the notice and messages in ${lang}`, async ({
    kiosk,
  }) => {
    const page = await kiosk.open();
    await openWalkIn(page, lang);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('walkin-next').click();
    await expect(page.getByTestId('walkin-firstName-error')).toHaveText(TEXT[lang].required);
    await expect(page.getByTestId('walkin-step-who')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await fillWalkIn(page, {
      first: 'Anaïs',
      last: `Lefèvre-${lang}`,
      email: 'anais@example.be',
      consent: false,
    });
    await expect(page.getByTestId('screen-walk-in')).toContainText(TEXT[lang].privacy);
    await expect(page.getByTestId('walkin-privacy-version')).toContainText('2025-03-v1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('walkin-submit').click();
    await expect(page.getByTestId('walkin-consent-error')).not.toBeEmpty();
    await page.getByTestId('walkin-consent').check();
    await page.getByTestId('walkin-submit').click();
    await expect(page.getByTestId('screen-bind-card')).toBeVisible();
    await page.getByTestId('bind-done').click();
    await expect(page.getByTestId('host-presence')).toContainText(`Anaïs Lefèvre-${lang}`);
    const [visitor] = await readStore<Visitor>(page, 'visitors');
    expect(visitor).toMatchObject({ preferredLang: lang, consentVersion: '2025-03-v1' });
  });
}

test('errors clear as the fields become valid; a picked member shows no "No match"; country stands alone', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  await openWalkIn(page, 'en');
  await page.getByTestId('walkin-next').click();
  await expect(page.getByTestId('walkin-firstName-error')).toHaveText(TEXT.en.required);
  await expect(page.getByTestId('walkin-lastName-error')).toHaveText(TEXT.en.required);
  await page.getByTestId('walkin-firstName').fill('Anna');
  await expect(page.getByTestId('walkin-firstName-error')).toHaveText('');
  await expect(page.getByTestId('walkin-lastName-error')).toHaveText(TEXT.en.required);
  await page.getByTestId('walkin-lastName').fill('Peeters');
  await expect(page.getByTestId('walkin-lastName-error')).toHaveText('');
  await nextStep(page, 'contact');
  await nextStep(page, 'visit');

  // Country is its own choice, outside "Purpose of the visit".
  await expect(page.getByTestId('walkin-country')).toContainText('Country');
  await expect(page.getByTestId('walkin-purpose')).not.toContainText('Country');
  await expect(page.getByTestId('walkin-purpose').getByTestId('walkin-country-BE')).toHaveCount(0);
  await page.getByTestId('walkin-country-FR').click();
  await expect(page.getByTestId('walkin-country-FR')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('walkin-purpose-meeting').click();
  await page.getByTestId('walkin-next').click();
  await expect(page.getByTestId('walkin-member-error')).not.toBeEmpty();
  await page.getByTestId('walkin-member-query').fill('cam');
  await page.getByTestId('walkin-member-result').filter({ hasText: 'Camille Dubois' }).click();
  await expect(page.getByTestId('walkin-member')).toHaveText('Meeting Camille Dubois');
  await expect(page.getByTestId('walkin-member-none')).toHaveCount(0);
  await expect(page.getByTestId('walkin-member-error')).toHaveText('');
  await nextStep(page, 'consent');

  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('walkin-consent-error')).not.toBeEmpty();
  await page.getByTestId('walkin-consent').check();
  await expect(page.getByTestId('walkin-consent-error')).toHaveText('');
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  const [visitor] = await readStore<Visitor>(page, 'visitors');
  expect(visitor).toMatchObject({ firstName: 'Anna', country: 'FR' });
});

test('the on-screen keyboard types names, accents, e-mail and phone in the layout of each language', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  // A kiosk's screen: the form is laid out for 1080 px and more, the keyboard below the fields.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openWalkIn(page, 'fr');
  const keyboard = screenKeyboard(page);
  await expect(keyboard).toHaveAttribute('data-arrangement', 'azerty-fr');
  await expect(keyboard).toHaveAttribute('data-layer', 'letters');
  await typeOnScreen(page, 'Zoé', click);
  await page.getByTestId('walkin-lastName').click();
  await typeOnScreen(page, "D'Hondt-Lefèvre", click);
  await expect(page.getByTestId('walkin-firstName')).toHaveValue('Zoé');
  await expect(page.getByTestId('walkin-lastName')).toHaveValue("D'Hondt-Lefèvre");
  await keyboard.locator('[data-skbtn="{bksp}"]').click();
  await expect(page.getByTestId('walkin-lastName')).toHaveValue("D'Hondt-Lefèvr");
  await typeOnScreen(page, 'e', click);

  // Dutch and English: the space's setting (the demo kiosk in Mons: Belgian AZERTY).
  await page.getByTestId('lang-nl').click();
  await expect(keyboard).toHaveAttribute('data-arrangement', 'azerty-be');
  await page.getByTestId('lang-en').click();
  await expect(keyboard).toHaveAttribute('data-arrangement', 'azerty-be');

  await nextStep(page, 'contact');
  await page.getByTestId('walkin-email').click();
  await expect(keyboard).toHaveAttribute('data-layer', 'email');
  await expect(keyboard.locator('[data-skbtn="{space}"]')).toHaveCount(0);
  await typeOnScreen(page, 'zoe.dh@example.be', click);
  await page.getByTestId('walkin-phone').click();
  await expect(keyboard).toHaveAttribute('data-layer', 'phone');
  await expect(keyboard.locator('[data-skbtn="a"]')).toHaveCount(0);
  await typeOnScreen(page, '+32 470 12 34 56', click);
  await expect(page.getByTestId('walkin-email')).toHaveValue('zoe.dh@example.be');
  await expect(page.getByTestId('walkin-phone')).toHaveValue('+32 470 12 34 56');
  await nextStep(page, 'visit');
  await expect(keyboard).toHaveCount(0);
  await nextStep(page, 'consent');
  await page.getByTestId('walkin-consent').check();
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  const [visitor] = await readStore<Visitor>(page, 'visitors');
  expect(visitor).toMatchObject({
    firstName: 'Zoé',
    lastName: "D'Hondt-Lefèvre",
    email: 'zoe.dh@example.be',
    phone: '+32 470 12 34 56',
    preferredLang: 'en',
  });
});

test('finds a returning visitor from three letters, masked, and re-uses them', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  await openWalkIn(page, 'en');
  await submitWalkIn(page, { first: 'Marie', last: 'Dupont', email: 'marie.dupont@example.com' });
  await page.getByTestId('bind-done').click();

  await page.getByTestId('host-walk-in').click();
  await page.getByTestId('walkin-returning-query').fill('du');
  await expect(page.getByTestId('walkin-returning-result')).toHaveCount(0);
  await page.getByTestId('walkin-returning-query').fill('dpu');
  const result = page.getByTestId('walkin-returning-result');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('Marie D…');
  await expect(result).toContainText('m***@e…');
  await expect(page.getByTestId('screen-walk-in')).not.toContainText('Dupont');
  await expect(page.getByTestId('screen-walk-in')).not.toContainText('example.com');
  await result.click();
  await expect(page.getByTestId('walkin-returning')).toContainText('Marie D…');
  await expect(page.getByTestId('walkin-returning-none')).toHaveCount(0);
  await submitWalkIn(page, {});
  expect(await readStore<Visitor>(page, 'visitors')).toHaveLength(1);
  expect(await readStore<Visit>(page, 'visits')).toHaveLength(2);
});

test('binds a spare card; tapping it checks the visitor out and frees it', async ({ kiosk }) => {
  const page = await kiosk.open('?holdOffMs=500');
  await openWalkIn(page, 'en');
  await submitWalkIn(page, { first: 'Paul', last: 'Martin' });
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'waiting');
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
  // The page's clock once the card shows bound: the hold-off runs from the bind, before this.
  const boundSeenAt = await page.evaluate(() => Date.now());
  await page.getByTestId('bind-done').click();
  await expect(page.getByTestId('host-presence')).toContainText('Paul Martin');
  await page.getByTestId('host-back').click();
  await expect(page.getByTestId('screen-home')).toBeVisible();

  await untilPageTime(page, boundSeenAt + 500);
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('screen-visitor-out')).toBeVisible();
  await expect(page.getByTestId('visitor-out-name')).toHaveText('Paul Martin');
  const [visit] = await readStore<Visit>(page, 'visits');
  expect(visit).toMatchObject({ personKind: 'visitor', cardId: SPARE, checkOutMethod: 'wedge' });
  await page.getByTestId('visitor-out-done').click();
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('screen-unknown')).toBeVisible();
});

test('a read stalled after its first keys binds whole: no field had taken them', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  await openWalkIn(page, 'en');
  await submitWalkIn(page, { first: 'Paul', last: 'Martin' });
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'waiting');
  // The first two keys settle on their own before the rest arrives (a loaded machine); the
  // rest's timestamps show they belong together, and nothing was typed anywhere (decision 0017).
  const strokes = [...digitStrokes(SPARE), ENTER];
  await typeStrokes(page, strokes, READER_GAPS_MS, { stalls: { 2: 200 } });
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
  const visits = await readStore<Visit>(page, 'visits');
  expect(visits.map((v) => v.cardId)).toEqual([SPARE]);
});

test('a read cut short binds nothing and asks for the card again', async ({ kiosk }) => {
  const page = await kiosk.open();
  await openWalkIn(page, 'en');
  await submitWalkIn(page, { first: 'Paul', last: 'Martin' });
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'waiting');
  // Six digits at reader speed and no Enter (the card pulled away): never a part of an id.
  await typeStrokes(page, digitStrokes(SPARE.slice(0, 6)), READER_GAPS_MS, 'batched');
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'read-again');
  await expect(page.getByRole('alert')).toHaveText(en.visitor.bindErrors['read-again']);
  const visits = await readStore<Visit>(page, 'visits');
  expect(visits.map((v) => v.cardId)).toEqual([undefined]);
  // The person holds the card to the reader again: a moment later, never within a reader's gap
  // of the cut-short burst (swipeCard stamps its keys up to 90 ms in the past).
  await untilPageTime(page, (await page.evaluate(() => Date.now())) + 300);
  await swipeCard(page, SPARE);
  await expect(page.getByTestId('bind-status')).toHaveAttribute('data-status', 'bound');
});

test('refuses bad input with clear messages and stores markup as text', async ({ kiosk }) => {
  const page = await kiosk.open();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openWalkIn(page, 'nl');
  await page.getByTestId('walkin-next').click();
  await expect(page.getByTestId('walkin-lastName-error')).toHaveText(TEXT.nl.required);

  const cases = [
    ['x'.repeat(81), 'Dit is te lang.'],
    ['<script>alert(1)</script>', TEXT.nl.nameChars],
    ['Marie 😀', TEXT.nl.nameChars],
  ] as const;
  await page.getByTestId('walkin-lastName').fill('Test');
  for (const [name, message] of cases) {
    await page.getByTestId('walkin-firstName').fill(name);
    await page.getByTestId('walkin-next').click();
    await expect(page.getByTestId('walkin-firstName-error')).toContainText(message);
    await expect(page.getByTestId('walkin-step-who')).toBeVisible();
  }
  await page.getByTestId('walkin-firstName').fill('Ann');
  await nextStep(page, 'contact');
  await page.getByTestId('walkin-email').fill('ann@@example');
  await page.getByTestId('walkin-next').click();
  await expect(page.getByTestId('walkin-email-error')).toHaveText(
    'Dit e-mailadres is niet geldig.',
  );
  await expect(page.getByTestId('walkin-step-contact')).toBeVisible();
  expect(await readStore<Visitor>(page, 'visitors')).toEqual([]);

  const script = '<script>alert(1)</script>';
  await page.getByTestId('walkin-email').fill('');
  await page.getByTestId('walkin-company').fill(script);
  await nextStep(page, 'visit');
  await nextStep(page, 'consent');
  await page.getByTestId('walkin-consent').check();
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('bind-company')).toHaveText(script);
  expect(dialogs).toEqual([]);
  expect(await page.locator('script:not([src])').count()).toBe(0);
});

test('a double submit stores one visitor and one visit', async ({ kiosk }) => {
  const page = await kiosk.open();
  await openWalkIn(page, 'fr');
  await fillWalkIn(page, { first: 'Zoé', last: 'Double' });
  await page.getByTestId('walkin-submit').evaluate((button) => {
    const b = button as unknown as { click(): void };
    b.click();
    b.click();
  });
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  expect(await readStore<Visitor>(page, 'visitors')).toHaveLength(1);
  expect(await readStore<Visit>(page, 'visits')).toHaveLength(1);
});

test('idling in the middle of the form clears every field', async ({ kiosk }) => {
  const page = await kiosk.open('?screenMs=5000');
  await openWalkIn(page, 'en');
  await fillWalkIn(page, { first: 'Half', last: 'Way', email: 'half@example.com' });
  await expect(page.getByTestId('walkin-consent')).toBeChecked();
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 10_000 });
  await openWalkIn(page);
  await expect(page.getByTestId('walkin-step-who')).toBeVisible();
  for (const field of ['firstName', 'lastName']) {
    await expect(page.getByTestId(`walkin-${field}`)).toHaveValue('');
  }
  await page.getByTestId('walkin-firstName').fill('Half');
  await page.getByTestId('walkin-lastName').fill('Way');
  await nextStep(page, 'contact');
  for (const field of ['company', 'email', 'phone']) {
    await expect(page.getByTestId(`walkin-${field}`)).toHaveValue('');
  }
  await nextStep(page, 'visit');
  await nextStep(page, 'consent');
  await expect(page.getByTestId('walkin-consent')).not.toBeChecked();
});

test('five wrong PINs lock host mode, even against the right PIN', async ({ kiosk }) => {
  const page = await kiosk.open();
  await page.getByTestId('open-host').click();
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('host-pin-input').fill('9999');
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-pin-input')).toHaveValue('');
  }
  const locked = page.getByTestId('host-pin-message');
  await expect(locked).toContainText(/\d{1,2}[:.h]\d{2}/);
  const lockText = await locked.textContent();
  await page.getByTestId('host-pin-input').fill(DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  await expect(locked).toHaveText(lockText ?? '');
  await expect(page.getByTestId('screen-host')).toHaveCount(0);
});
