import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Visit } from '#shared/domain/types';
import { decodeQr, pdfText } from '#test/support/pdf-check';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { createDemoKioskMain } from './support/kiosk-main';
import { RecordingPrintDialog } from '#electron/main/wiring/testing/fake-ports';
import { openHost, registerWalkIn } from './support/print-steps';

// Under Electron: the page's window.kiosk reaches main's shipped wiring (registrar, handlers,
// PrintService) through the IPC double, and the PrintService runs a real `lp` process — a script
// on PATH that records its arguments and the file it was given (and fails on demand).
const FAKE_LP = `#!/bin/sh
printf '%s\\n' "$@" > "$LP_OUT/args"
for last in "$@"; do :; done
cp "$last" "$LP_OUT/job.pdf"
if [ -n "$LP_FAIL" ]; then echo "lp: $LP_FAIL" >&2; exit 1; fi
`;

async function silentKiosk(page: Page, baseURL: string, fail?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-lp-'));
  await writeFile(join(dir, 'lp'), FAKE_LP);
  await chmod(join(dir, 'lp'), 0o755);
  const main = await createDemoKioskMain({
    appOrigin: new URL(baseURL).origin,
    configure: (demo) => ({ ...demo, printing: { labelPrinter: { name: 'QL-820NWB' } } }),
    env: {
      PATH: `${dir}:${process.env['PATH'] ?? ''}`,
      LP_OUT: dir,
      ...(fail === undefined ? {} : { LP_FAIL: fail }),
    },
  });
  await main.install(page);
  return {
    dir,
    dispose: async () => {
      await main.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('prints the badge silently on the configured label printer', async ({ kiosk, baseURL }) => {
  const main = await silentKiosk(kiosk.page, baseURL ?? '');
  try {
    const page = await kiosk.open();
    await openHost(page);
    await registerWalkIn(page, 'nl', 'Noor', 'Van den Ĳssel');
    await page.getByTestId('print-badge-button').click();
    await expect(page.getByTestId('print-badge')).toHaveAttribute('data-status', 'printed');
    await expect(page.getByTestId('print-badge-message')).toContainText('QL-820NWB');
    await expect(page.getByTestId('print-badge-pdf')).toHaveCount(0);

    const args = (await readFile(join(main.dir, 'args'), 'utf8')).split('\n');
    expect(args.slice(0, 4)).toEqual(['-d', 'QL-820NWB', '-o', 'media=62x100mm']);
    const pdf = new Uint8Array(await readFile(join(main.dir, 'job.pdf')));
    const [visit] = await readStore<Visit>(page, 'visits');
    expect(await decodeQr(pdf)).toBe(visit?.id);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Noor Van den Ĳssel');
    expect(text).toContain('BEZOEKER');
  } finally {
    await main.dispose();
  }
});

test('says why printing failed, and offers no save-as download inside the kiosk', async ({
  kiosk,
  baseURL,
}) => {
  const main = await silentKiosk(kiosk.page, baseURL ?? '', 'printer out of labels');
  try {
    const page = await kiosk.open();
    await openHost(page);
    await registerWalkIn(page, 'en', 'Ann', 'Peeters');
    await page.getByTestId('print-badge-button').click();
    await expect(page.getByTestId('print-badge')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('print-badge-message')).toContainText('printer out of labels');
    await expect(page.getByTestId('print-badge-pdf')).toHaveCount(0);
    // The job reached lp whole: pressing again is the way to retry.
    const pdf = new Uint8Array(await readFile(join(main.dir, 'job.pdf')));
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('Ann Peeters');
  } finally {
    await main.dispose();
  }
});

test('without a queue, main opens the system print dialog with the badge', async ({
  kiosk,
  baseURL,
}) => {
  const printDialog = new RecordingPrintDialog('printed');
  const main = await createDemoKioskMain({ appOrigin: new URL(baseURL ?? '').origin, printDialog });
  try {
    await main.install(kiosk.page);
    const page = await kiosk.open();
    await openHost(page);
    await registerWalkIn(page, 'fr', 'Zoé', 'D’Hondt-Lefèvre');
    await page.getByTestId('print-badge-button').click();
    await expect(page.getByTestId('print-badge')).toHaveAttribute('data-status', 'dialog-printed');
    await expect(page.getByTestId('print-badge-message')).toContainText('fenêtre d’impression');
    await expect(page.getByTestId('print-badge-pdf')).toHaveCount(0);
    const [job] = printDialog.jobs;
    expect(job?.kind).toBe('badge-label');
    const [visit] = await readStore<Visit>(page, 'visits');
    expect(await decodeQr(job?.pdf ?? new Uint8Array())).toBe(visit?.id);
    expect((await pdfText(job?.pdf ?? new Uint8Array())).replace(/\s+/g, ' ')).toContain(
      'Zoé D’Hondt-Lefèvre',
    );
  } finally {
    await main.dispose();
  }
});

test('a cancelled print dialog says so, and the host can print again', async ({
  kiosk,
  baseURL,
}) => {
  const printDialog = new RecordingPrintDialog('cancelled');
  const main = await createDemoKioskMain({ appOrigin: new URL(baseURL ?? '').origin, printDialog });
  try {
    await main.install(kiosk.page);
    const page = await kiosk.open();
    await openHost(page);
    await page.getByTestId('print-roster-button').click();
    await expect(page.getByTestId('print-roster')).toHaveAttribute(
      'data-status',
      'dialog-cancelled',
    );
    await expect(page.getByTestId('print-roster-pdf')).toHaveCount(0);
    await page.getByTestId('print-roster-button').click();
    await expect.poll(() => printDialog.jobs.length).toBe(2);
    expect(printDialog.jobs.map((j) => j.kind)).toEqual(['evacuation-roster', 'evacuation-roster']);
  } finally {
    await main.dispose();
  }
});
