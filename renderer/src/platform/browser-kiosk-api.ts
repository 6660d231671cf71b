import { parseKioskConfig, type KioskConfigState } from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import {
  PinRequestSchema,
  WEDGE_READER_NAME,
  type KioskApi,
  type PinCheck,
} from '#shared/ipc/contract';
import type {
  ConfigErrorCode,
  HostErrorCode,
  IpcErrorCode,
  SyncErrorCode,
} from '#shared/ipc/codes';
import { PrintPdfRequestSchema } from '#shared/print/print-job';
import { err, ok, type Result } from '#shared/result';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { version } from '../../../package.json';

/**
 * Timing values a query string may override in the browser build, for tests and demos only
 * (`?holdOffMs=500&resultScreenMs=1500&screenMs=5000`). They change how long screens stay and the
 * badge hold-off, nothing that touches identity, data or security; the kiosk shell ignores them.
 */
export const TIMING_OVERRIDES = ['holdOffMs', 'resultScreenMs', 'screenMs'] as const;

function readTiming(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  return raw === null ? undefined : Number(raw);
}

/**
 * The demo config with any timing overrides of `search` (and `tapCheckIn=0`: taps for the
 * workspace only, though the demo agenda always has an event on), validated by the real schema: an
 * out-of-range override yields the same 'invalid' state a wrong kiosk.json does, with path
 * "(query string)" — so the config-error screen can be seen in a browser too.
 */
export function browserConfigState(search: string): KioskConfigState {
  const params = new URLSearchParams(search);
  const holdOffMs = readTiming(params, 'holdOffMs');
  const resultScreenMs = readTiming(params, 'resultScreenMs');
  const screenMs = readTiming(params, 'screenMs');
  const tapCheckIn = params.get('tapCheckIn');
  const parsed = parseKioskConfig({
    ...DEMO_KIOSK_CONFIG,
    ...(tapCheckIn === null
      ? {}
      : { agenda: { ...DEMO_KIOSK_CONFIG.agenda, tapCheckIn: tapCheckIn !== '0' } }),
    badge: { ...DEMO_KIOSK_CONFIG.badge, ...(holdOffMs === undefined ? {} : { holdOffMs }) },
    idle: {
      ...DEMO_KIOSK_CONFIG.idle,
      ...(resultScreenMs === undefined ? {} : { resultScreenMs }),
      ...(screenMs === undefined ? {} : { screenMs }),
    },
  });
  if (!parsed.ok) {
    return {
      status: 'invalid',
      path: '(query string)',
      error: { ...parsed.error, details: [...(parsed.error.details ?? [])] },
    };
  }
  return { status: 'ok', config: parsed.value, isDemo: true };
}

const NO_HUB = {
  code: 'hub-not-configured' satisfies SyncErrorCode,
  message: 'A plain browser has no hub link.',
};

/** What the browser stand-in needs from its surroundings. */
export interface BrowserKioskApiOptions {
  /** `location.search` of the page, for the timing overrides. */
  search: string;
  /** Epoch-ms clock for the PIN lockout. */
  now: () => number;
}

/**
 * A `KioskApi` for a plain browser (dev server, `vite preview`, Playwright): the demo config, the
 * host PIN checked against the demo config's hash with the same lockout rules as main, and no
 * reader events (serial and HID readers need the shell; the wedge reader lives in the renderer and
 * works here). Requests that main would reject are rejected the same way, as `Result` errors.
 */
export function createBrowserKioskApi(options: BrowserKioskApiOptions): KioskApi {
  const configState = browserConfigState(options.search);
  const lockout = new PinLockout({ now: options.now });
  const noEvents = (): (() => void) => () => undefined;

  async function checkPin(request: { pin: string }): Promise<Result<PinCheck>> {
    const parsed = PinRequestSchema.safeParse(request);
    if (!parsed.success) {
      return err({
        code: 'ipc-invalid-request' satisfies IpcErrorCode,
        message: 'The PIN must be 4 to 12 digits.',
      });
    }
    if (configState.status !== 'ok') {
      return err({
        code: 'config-invalid' satisfies ConfigErrorCode,
        message: 'No valid kiosk config.',
      });
    }
    const lockedUntil = lockout.isLocked();
    if (lockedUntil !== null) return ok({ isValid: false, lockedUntil });
    if (await verifyPin(parsed.data.pin, configState.config.hostPinHash)) {
      lockout.recordSuccess();
      return ok({ isValid: true });
    }
    const lockedNow = lockout.recordFailure();
    return ok(lockedNow === null ? { isValid: false } : { isValid: false, lockedUntil: lockedNow });
  }

  return {
    app: {
      getInfo: () =>
        Promise.resolve(
          // A page cannot tell the OS reliably; saying so beats guessing from the user agent.
          ok({ version, isPackaged: false, platform: 'browser', isBrowser: true }),
        ),
    },
    config: { getKiosk: () => Promise.resolve(ok(configState)) },
    host: {
      verifyPin: checkPin,
      // A page in a plain browser has no kiosk mode to leave: the tab is closed as any other.
      leaveKiosk: () =>
        Promise.resolve(
          err({
            code: 'host-not-a-kiosk' satisfies HostErrorCode,
            message: 'Only the installed kiosk has a kiosk mode to leave.',
          }),
        ),
    },
    // No printer from a plain browser: a valid job answers no-printer and the page offers the PDF.
    print: {
      printPdf: (request) =>
        Promise.resolve(
          PrintPdfRequestSchema.safeParse(request).success
            ? ok({ status: 'no-printer' as const })
            : err({
                code: 'ipc-invalid-request' satisfies IpcErrorCode,
                message: 'Not a printable PDF job.',
              }),
        ),
    },
    reader: {
      getStatus: () =>
        Promise.resolve(
          ok(
            configState.status === 'ok'
              ? [
                  {
                    name: WEDGE_READER_NAME,
                    kind: 'wedge' as const,
                    state: configState.config.readers.wedge.enabled
                      ? ('listening' as const)
                      : ('disabled' as const),
                    reads: 0,
                    rejected: 0,
                  },
                ]
              : [],
          ),
        ),
      onCardRead: noEvents,
      onStatusChanged: noEvents,
    },
    // No hub from a plain browser: its CSP allows no remote connection, and main holds the hub link.
    sync: {
      getState: () => Promise.resolve(ok({ isConfigured: false, isEnrolled: false, hubUrl: null })),
      push: () => Promise.resolve(err(NO_HUB)),
      pull: () => Promise.resolve(err(NO_HUB)),
      requestNow: () => Promise.resolve(err(NO_HUB)),
      // Nothing to send a heartbeat to: the report is taken and dropped.
      report: () => Promise.resolve(ok(null)),
      onRequested: noEvents,
    },
    // Setup belongs to the installed kiosk: a plain browser runs on demo data and never needs it.
    setup: {
      getState: () => Promise.resolve(ok({ isNeeded: false, reason: null })),
      runAgain: () => Promise.resolve(err(NO_SETUP)),
      cancel: () => Promise.resolve(ok({ isNeeded: false, reason: null })),
      checkHub: () => Promise.resolve(err(NO_SETUP)),
      enrol: () => Promise.resolve(err(NO_SETUP)),
      learnReader: () => Promise.resolve(err(NO_SETUP)),
      finish: () => Promise.resolve(err(NO_SETUP)),
      testTap: () => Promise.resolve(err(NO_SETUP)),
      testCard: () => Promise.resolve(err(NO_SETUP)),
    },
  };
}

const NO_SETUP = {
  code: 'setup-out-of-order',
  message: 'Only the installed kiosk runs setup.',
} as const;
