import { z } from 'zod';
import { LANGS } from '../domain/types';
import { err, ok, type Result } from '../result';
import { WALL_TIME_PATTERN } from '../time/wall';
import type { ConfigErrorCode } from '../ipc/codes';
import { HID_LAYOUTS } from '../readers/hid-report-stream';

/**
 * The kiosk config file (`kiosk.json` in the user-data folder): which space this kiosk serves,
 * its languages, readers, host PIN hash, hub and timings. Validated at start; a wrong file leads to
 * a clear error screen naming each bad field, never to a half-working kiosk.
 */

const LangSchema = z.enum(LANGS);

export const PIN_HASH_PATTERN =
  /^pbkdf2-sha256\$\d{4,7}\$[A-Za-z0-9+/=]{16,64}\$[A-Za-z0-9+/=]{32,128}$/;

/** One configured wedge card form: its length, a fixed start and the characters it may hold. */
export const WedgeCardFormSchema = z
  .strictObject({
    length: z.number().int().min(4).max(32),
    startsWith: z
      .string()
      .regex(/^[0-9A-Z]{0,8}$/, 'up to 8 digits or uppercase letters')
      .default(''),
    alphabet: z.enum(['decimal', 'hex', 'alphanumeric']).default('decimal'),
  })
  .refine((f) => f.startsWith.length < f.length, {
    error: 'startsWith must be shorter than length',
  });

export const WedgeReaderSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Longest gap between two keys of one reader burst; people type slower. */
  maxGapMs: z.number().int().min(5).max(200).default(40),
  /** Fewest characters a card id has (after prefix / suffix stripping). */
  minLength: z.number().int().min(4).max(32).default(6),
  prefix: z.string().max(8).default(''),
  suffix: z.string().max(8).default(''),
  /**
   * The site's own card forms, beyond those every wedge read may have (shared/card/card-forms.ts:
   * 10-digit decimal, 8/10/14/20 hex, Wiegand-26 `NNN,NNNNN`). A burst of no known form is dropped.
   */
  forms: z.array(WedgeCardFormSchema).max(4).default([]),
});

const FrameFormatSchema = z.enum(['auto', 'rdm6300', 'binary', 'lfcr', 'line']);
const UsbIdSchema = z.string().regex(/^[0-9a-fA-F]{4}$/, 'a 4-digit hex USB id, e.g. 1a86');

export const SerialReaderSchema = z
  .strictObject({
    name: z.string().min(1).max(40),
    path: z.string().min(1).max(200).optional(),
    vendorId: UsbIdSchema.optional(),
    productId: UsbIdSchema.optional(),
    format: FrameFormatSchema.default('auto'),
    baudRate: z.number().int().positive().max(921_600).default(9600),
    debounceMs: z.number().int().min(0).max(5000).default(250),
  })
  .refine((r) => r.path !== undefined || r.vendorId !== undefined, {
    error: 'a serial reader needs a port path or a USB vendorId',
  });

export const HidReaderSchema = z.strictObject({
  name: z.string().min(1).max(40),
  vendorId: UsbIdSchema,
  productId: UsbIdSchema,
  debounceMs: z.number().int().min(0).max(5000).default(250),
  /** How its reports carry the id (docs/card-readers.md); `auto`: ascii or length-prefixed. */
  layout: z.enum(HID_LAYOUTS).default('auto'),
  /** The device numbers its reports: only reports of this id (byte 0) carry cards. */
  reportId: z.number().int().min(1).max(255).optional(),
  /** The USB interface to open when the device has several that are not keyboards. */
  interface: z.number().int().min(0).max(255).optional(),
});

/**
 * A CUPS print queue: its name as `lpstat -p` lists it (no spaces, slashes or #) and, optionally,
 * the media to ask for (`lp -o media=…`), e.g. `62x100mm` or the driver's own name for it.
 */
export const PrinterSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,126}$/, 'a CUPS queue name: letters, digits, _ . @ -'),
  media: z
    .string()
    .regex(/^[A-Za-z0-9_.+-]{1,64}$/)
    .optional(),
});

/**
 * The on-screen keyboard of the walk-in form for Dutch and English: Belgian AZERTY or QWERTY, as
 * the space's visitors expect. French always gets the French AZERTY.
 */
export const KEYBOARD_LAYOUTS = ['azerty-be', 'qwerty'] as const;
export type KeyboardLayoutSetting = (typeof KEYBOARD_LAYOUTS)[number];

export const KioskConfigSchema = z.strictObject({
  kioskId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
  spaceId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
  languages: z.array(LangSchema).min(1).max(3),
  defaultLang: LangSchema,
  hostPinHash: z.string().regex(PIN_HASH_PATTERN, 'pbkdf2-sha256$<iterations>$<salt>$<hash>'),
  hub: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }),
      enrolmentCode: z.string().max(64).optional(),
    })
    .nullable()
    .default(null),
  readers: z
    .strictObject({
      wedge: WedgeReaderSchema.prefault({}),
      serial: z.array(SerialReaderSchema).max(8).default([]),
      hid: z.array(HidReaderSchema).max(8).default([]),
    })
    .prefault({}),
  badge: z
    .strictObject({
      /** A second tap of the same card within this time shows the greeting again, no toggle. */
      holdOffMs: z.number().int().min(0).max(600_000).default(3000),
      /** An open visit older than this is not checked out by a tap: the tap starts a new visit. */
      staleVisitHours: z.number().min(1).max(72).default(16),
      /**
       * A language pressed within this time before a tap is the greeting's language, over the
       * member's stored preference (0: the preference always wins). Shorter than idle.screenMs, so
       * a press left behind by someone who walked away soon stops counting.
       */
      chosenLangMs: z.number().int().min(0).max(120_000).default(30_000),
    })
    .prefault({}),
  agenda: z
    .strictObject({
      /**
       * Event check-in: a member's tap counts for an event at this space from this many minutes
       * before its start until its end (shared/badge/event-window.ts; decision 0025).
       */
      checkInBeforeMin: z.number().int().min(0).max(240).default(30),
      /**
       * Whether a member's tap counts for the events on now (and asks when it must). False: taps
       * are for the workspace only — a space whose events are counted elsewhere, or a benchmark
       * of the badge flow alone. Walk-ins registered by the host are still offered the events.
       */
      tapCheckIn: z.boolean().default(true),
    })
    .prefault({}),
  visitors: z
    .strictObject({
      /**
       * Optional daily closing, wall time of the space's time zone (its `timezone`), "HH:MM": open
       * visitor visits are then checked out automatically (renderer/src/lib/visitors/closing-job.ts).
       */
      closingTime: z
        .string()
        .regex(WALL_TIME_PATTERN, 'a time of day as HH:MM, e.g. 19:00')
        .optional(),
      /** The walk-in form's on-screen keyboard in nl and en (KEYBOARD_LAYOUTS); fr is AZERTY. */
      keyboardLayout: z.enum(KEYBOARD_LAYOUTS, 'azerty-be or qwerty').default('qwerty'),
    })
    .prefault({}),
  idle: z
    .strictObject({
      /** How long a greeting or the unknown-card screen stays before home. */
      resultScreenMs: z.number().int().min(1000).max(120_000).default(8000),
      /** Inactivity on any other screen (forms included) before home, clearing input. */
      screenMs: z.number().int().min(5000).max(600_000).default(60_000),
    })
    .prefault({}),
  /**
   * Silent printing through CUPS (`lp`). Each printer is optional: without one, that document is
   * handed to the system print dialog instead (the PDF download is the browser preview's only).
   */
  printing: z
    .strictObject({
      /** Brother QL (or any) label printer for visitor badges, 62 mm continuous roll. */
      labelPrinter: PrinterSchema.optional(),
      /** A4 printer for the evacuation roster. */
      rosterPrinter: PrinterSchema.optional(),
    })
    .prefault({}),
  sync: z
    .strictObject({
      /** Nightly window, local time of the space, HH:MM-HH:MM. */
      nightlyWindow: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/)
        .default('02:00-04:00'),
    })
    .prefault({}),
});

export type KioskConfig = z.infer<typeof KioskConfigSchema>;
export type KioskConfigInput = z.input<typeof KioskConfigSchema>;

/**
 * Validates an already-parsed config object. Never throws; on failure the error lists every bad
 * field as `path: reason`, which the error screen shows to the installer.
 */
export function parseKioskConfig(input: unknown): Result<KioskConfig> {
  const parsed = KioskConfigSchema.safeParse(input);
  if (parsed.success) {
    if (!parsed.data.languages.includes(parsed.data.defaultLang)) {
      return err({
        code: 'config-invalid' satisfies ConfigErrorCode,
        message: 'The kiosk config is not valid.',
        details: ['defaultLang: must be one of languages'],
      });
    }
    return ok(parsed.data);
  }
  return err({
    code: 'config-invalid' satisfies ConfigErrorCode,
    message: 'The kiosk config is not valid.',
    details: parsed.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
    ),
  });
}

/** Parses the config file's text: JSON syntax errors are reported like schema errors. */
export function parseKioskConfigText(text: string): Result<KioskConfig> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err({
      code: 'config-not-json' satisfies ConfigErrorCode,
      message: 'The kiosk config file is not valid JSON.',
      details: [e instanceof Error ? e.message : String(e)],
    });
  }
  return parseKioskConfig(json);
}

/** What main tells the renderer at start: a usable config (maybe the demo one) or why not. */
export type KioskConfigState =
  | { status: 'ok'; config: KioskConfig; isDemo: boolean }
  | {
      status: 'invalid';
      path: string;
      error: { code: string; message: string; details?: string[] };
    };
