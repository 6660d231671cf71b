import { z } from 'zod';
import { LANGS } from '../domain/types';
import { HID_LAYOUTS } from '../readers/hid-report-stream';
import { KioskIdSchema } from '../sync/protocol';

/**
 * The first-run setup's messages between renderer and main (docs/decisions/0042): the requests
 * main validates, what it answers, and the setup's own error codes, each with a sentence in the
 * renderer's catalogues (`setup.error.*`).
 */

/** Why a setup step failed; every code has its own plain message and a way back. */
export const SetupErrorCodeSchema = z.enum([
  /** Nothing answers at that address (refused, no route, DNS, timeout, 5xx). */
  'setup-hub-unreachable',
  /** Something answers, but not a COFFEE hub (no /health of ours). */
  'setup-not-a-hub',
  /** The one-time code is unknown, used or expired. */
  'setup-code-wrong',
  /** The hub revoked this kiosk id: an administrator must reinstate it. */
  'setup-kiosk-revoked',
  /** The kiosk id is enrolled for another space. */
  'setup-kiosk-other-space',
  /** No card arrived on any serial port or HID reader within the time. */
  'setup-no-card',
  /** A step was asked out of order (e.g. finish before enrol). */
  'setup-out-of-order',
  /** The config or the credential could not be written. */
  'setup-write-failed',
  /** Any other refusal of the hub. */
  'setup-failed',
]);
export type SetupErrorCode = z.infer<typeof SetupErrorCodeSchema>;

/** Whether the kiosk shows setup at start. */
export interface SetupState {
  /** True: no kiosk.json yet (a packaged kiosk, or KIOSK_SETUP=1), or the host asked for setup. */
  isNeeded: boolean;
  /** 'first-run' (no config) or 'again' (the host's "run setup again": it may be cancelled). */
  reason: 'first-run' | 'again' | null;
}

/** A space of the hub as the setup lists it. */
export interface SetupSpace {
  id: string;
  name: string;
  city: string;
  languages: string[];
}

/** What the enrolment step answers: the space the code is for, and every space pulled. */
export interface SetupEnrolled {
  kioskId: string;
  spaceId: string;
  spaces: SetupSpace[];
}

export const SetupHubRequestSchema = z.strictObject({
  hubUrl: z.url({ protocol: /^https?$/ }).max(300),
});

export const SetupEnrolRequestSchema = z.strictObject({
  /** `XXXX-XXXX-XXXX`; case, spaces and dashes do not matter to the hub. */
  code: z.string().trim().min(8).max(64),
  kioskId: KioskIdSchema,
});

/** A learnt serial reader, as the config stores it. */
export const SetupSerialReaderSchema = z.strictObject({
  path: z.string().min(1).max(200),
  format: z.enum(['auto', 'rdm6300', 'binary', 'lfcr', 'line']),
});

/** A learnt raw-HID reader, as the config stores it (`readers.hid[]` without its name). */
export const SetupHidReaderSchema = z.strictObject({
  vendorId: z.string().regex(/^[0-9a-f]{4}$/),
  productId: z.string().regex(/^[0-9a-f]{4}$/),
  layout: z.enum(HID_LAYOUTS),
  reportId: z.number().int().min(1).max(255).optional(),
  interface: z.number().int().min(0).max(255).optional(),
});
export type SetupHidReader = z.infer<typeof SetupHidReaderSchema>;

export const SetupFinishRequestSchema = z.strictObject({
  languages: z.array(z.enum(LANGS)).min(1).max(3),
  defaultLang: z.enum(LANGS),
  pin: z.string().regex(/^\d{4,12}$/),
  serial: z.array(SetupSerialReaderSchema).max(8).default([]),
  /** HID readers learnt; none keeps the running config's HID readers. */
  hid: z.array(SetupHidReaderSchema).max(8).default([]),
  wedge: z
    .strictObject({ prefix: z.string().max(8), suffix: z.string().max(8) })
    .default({ prefix: '', suffix: '' }),
});
export type SetupFinishRequest = z.input<typeof SetupFinishRequestSchema>;

export const SetupLearnRequestSchema = z.strictObject({
  /** How long to wait for a tap on a serial or HID reader. */
  timeoutMs: z.number().int().min(1000).max(60_000),
});

/** A tap learnt on a serial reader: where it came from, its frame format and the card. */
export interface SetupLearntSerial {
  source: 'serial';
  path: string;
  format: 'rdm6300' | 'binary' | 'lfcr' | 'line';
  cardId: string;
}

/** A tap learnt on a raw-HID reader: the device, its report layout and the card. */
export interface SetupLearntHid {
  source: 'hid';
  /** The device's product name as the OS gives it, else its `vvvv:pppp` id. */
  product: string;
  reader: SetupHidReader;
  cardId: string;
}

/** The first tap on any reader (docs/decisions/0044). */
export type SetupLearnt = SetupLearntSerial | SetupLearntHid;

/** A card the page heard on the keyboard wedge during the test tap. */
export const SetupTestCardRequestSchema = z.strictObject({
  cardId: z.string().trim().min(1).max(64),
});

/**
 * The test tap's answer (decision 0043): a known, active member by first name only (nothing else
 * of theirs leaves main), or an unknown card.
 */
export type SetupTestTap = { result: 'member'; firstName: string } | { result: 'unknown' };
