import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import type { Visit } from '#shared/domain/types';
import { formatInstant } from '#shared/time/format';
import { decodeQr, pdfPages, pdfText } from '#test/support/pdf-check';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { openHost, registerWalkIn } from './support/print-steps';

const ZONE = 'Europe/Brussels';

/** Presses a print button (`prefix`), expects the no-printer offer and downloads the PDF. */
async function printAndDownload(page: Page, prefix: string): Promise<Uint8Array> {
  await page.getByTestId(`${prefix}-button`).click();
  await expect(page.getByTestId(prefix)).toHaveAttribute('data-status', 'no-printer');
  await expect(page.getByTestId(`${prefix}-message`)).not.toBeEmpty();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`${prefix}-pdf`).click(),
  ]);
  return bytesOf(download);
}

/** Serious or critical axe violations of the page as it stands (the offer of the PDF included). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

async function bytesOf(download: Download): Promise<Uint8Array> {
  const path = await download.path();
  return new Uint8Array(await readFile(path));
}

test('prints a visitor badge whose text and QR code match the stored visit', async ({ kiosk }) => {
  const page = await kiosk.open();
  await openHost(page);
  await registerWalkIn(page, 'fr', 'Łukasz', 'Van den Ĳssel-Ørsted');
  const pdf = await printAndDownload(page, 'print-badge');
  expect(await seriousViolations(page)).toEqual([]);

  const [visit] = await readStore<Visit>(page, 'visits');
  if (!visit) throw new Error('no visit stored');
  const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
  expect(text).toContain('Łukasz Van den Ĳssel-Ørsted');
  expect(text).toContain('Grenswerk vzw');
  expect(text).toContain('VISITEUR');
  expect(text).toContain('Rendez-vous avec Elise Peeters');
  expect(text).toContain('Co-nnexion');
  expect(text).toContain(formatInstant(visit.checkInAt, 'fr', ZONE, 'date'));
  expect(text).toContain(formatInstant(visit.checkInAt, 'fr', ZONE, 'time'));
  expect(await decodeQr(pdf)).toBe(visit.id);
  const pages = await pdfPages(pdf);
  expect(pages.count).toBe(1);
  expect(Math.round((pages.width * 25.4) / 72)).toBe(62);
});

test('prints the evacuation roster of who is in, from the host screen', async ({ kiosk }) => {
  const page = await kiosk.open();
  await openHost(page);
  await registerWalkIn(page, 'en', 'Anaïs', 'Lefèvre');
  await page.getByTestId('bind-done').click();
  await expect(page.getByTestId('host-presence')).toContainText('Anaïs Lefèvre');
  // The roster is printed in the kiosk's current language: English, chosen on the form.
  const before = Date.now();
  const pdf = await printAndDownload(page, 'print-roster');
  expect(await seriousViolations(page)).toEqual([]);

  const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
  expect(text).toContain('Evacuation roster — Co-nnexion');
  expect(text).toContain(`Printed on ${formatInstant(before, 'en', ZONE, 'date')}`);
  expect(text).toContain('1 person in the building');
  expect(text).toContain('Anaïs Lefèvre visitor');
  expect(text).toContain('Elise Peeters');
  expect(text).toContain('Page 1 of 1');
  expect((await pdfPages(pdf)).height).toBeCloseTo(841.89, 1);
});
