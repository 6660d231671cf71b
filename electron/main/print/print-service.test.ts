import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrintPdfRequestSchema } from '#shared/print/print-job';
import { PrintService, type PrintingConfig } from './print-service';

// A real `lp` on PATH (a shell script, run as a real process): it records its arguments and a copy
// of the file it was given, prints LP_STDERR and exits with LP_EXIT.
const FAKE_LP = `#!/bin/sh
printf '%s\\n' "$@" > "$LP_OUT/args"
for last in "$@"; do :; done
cp "$last" "$LP_OUT/job.pdf"
if [ -n "$LP_STDERR" ]; then echo "$LP_STDERR" >&2; fi
exit "\${LP_EXIT:-0}"
`;

const PDF = new TextEncoder().encode('%PDF-1.7\n% a tiny test file\n%%EOF\n');
const PRINTING: PrintingConfig = {
  labelPrinter: { name: 'Brother_QL-820NWB' },
  rosterPrinter: { name: 'office-a4', media: 'A4' },
};

let bin: string;
let out: string;
beforeEach(async () => {
  bin = await mkdtemp(join(tmpdir(), 'fake-lp-bin-'));
  out = await mkdtemp(join(tmpdir(), 'fake-lp-out-'));
  await writeFile(join(bin, 'lp'), FAKE_LP);
  await chmod(join(bin, 'lp'), 0o755);
});
afterEach(async () => {
  await rm(bin, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

function service(printing: PrintingConfig | null, extra: Record<string, string> = {}) {
  return new PrintService({
    printing,
    env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, LP_OUT: out, ...extra },
  });
}

async function tempLeftovers(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((f) => f.startsWith('coffee-kiosk-print-'));
}

describe('PrintService', () => {
  it('sends a badge label to the label printer with its 62 mm media, then removes the file', async () => {
    const before = await tempLeftovers();
    const reply = await service(PRINTING).print({ kind: 'badge-label', pdf: PDF });
    expect(reply).toEqual({
      ok: true,
      value: { status: 'printed', printer: 'Brother_QL-820NWB' },
    });
    const args = (await readFile(join(out, 'args'), 'utf8')).trim().split('\n');
    expect(args.slice(0, 6)).toEqual([
      '-d',
      'Brother_QL-820NWB',
      '-o',
      'media=62x100mm',
      '-t',
      'COFFEE Kiosk visitor badge',
    ]);
    expect(args[6]).toMatch(/coffee-kiosk-print-.*badge-label\.pdf$/);
    expect(new Uint8Array(await readFile(join(out, 'job.pdf')))).toEqual(PDF);
    expect(await tempLeftovers()).toEqual(before);
  });

  it('sends the roster to the roster printer with the configured media', async () => {
    const reply = await service(PRINTING).print({ kind: 'evacuation-roster', pdf: PDF });
    expect(reply).toMatchObject({ ok: true, value: { printer: 'office-a4' } });
    const args = await readFile(join(out, 'args'), 'utf8');
    expect(args).toContain('office-a4\n-o\nmedia=A4\n');
  });

  it('answers no-printer, running nothing, when the kind has no printer', async () => {
    expect(await service(null).print({ kind: 'badge-label', pdf: PDF })).toEqual({
      ok: true,
      value: { status: 'no-printer' },
    });
    expect(
      await service({ labelPrinter: { name: 'ql' } }).print({
        kind: 'evacuation-roster',
        pdf: PDF,
      }),
    ).toEqual({ ok: true, value: { status: 'no-printer' } });
    expect(await readdir(out)).toEqual([]);
  });

  it("reports the queue's refusal as print-failed with lp's message", async () => {
    const reply = await service(PRINTING, {
      LP_EXIT: '1',
      LP_STDERR: 'lp: The printer or class does not exist.',
    }).print({ kind: 'badge-label', pdf: PDF });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'print-failed',
        message: 'The badge-label could not be sent to printer Brother_QL-820NWB.',
        details: ['lp: The printer or class does not exist.'],
      },
    });
  });

  it('says CUPS is missing when there is no lp at all', async () => {
    const reply = await new PrintService({
      printing: PRINTING,
      lpCommand: join(bin, 'no-such-lp'),
    }).print({ kind: 'badge-label', pdf: PDF });
    expect(reply).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(reply.ok ? [] : reply.error.details).toEqual([
      'lp was not found: install CUPS (cups-client) on the kiosk.',
    ]);
  });
});

describe('PrintPdfRequestSchema', () => {
  it('refuses what is not a PDF, an empty or oversized file, or an unknown kind', () => {
    const bad = [
      { kind: 'badge-label', pdf: new TextEncoder().encode('<html>') },
      { kind: 'badge-label', pdf: new Uint8Array(0) },
      { kind: 'badge-label', pdf: Object.assign(new Uint8Array(8 * 1024 * 1024 + 1), PDF) },
      { kind: 'poster', pdf: PDF },
      { kind: 'badge-label', pdf: 'JVBERi0=' },
      { kind: 'badge-label', pdf: PDF, printer: 'other' },
    ];
    for (const request of bad) expect(PrintPdfRequestSchema.safeParse(request).success).toBe(false);
    expect(PrintPdfRequestSchema.safeParse({ kind: 'badge-label', pdf: PDF }).success).toBe(true);
  });
});
