import { err, ok, type Result } from '#shared/result';
import type { SetupHidReader, SetupLearntHid } from '#shared/ipc/setup';
import { HidReportStream, type HidLayoutSetting } from '#shared/readers/hid-report-stream';
import {
  isKeyboard,
  listHidDevices,
  openHidDevice,
  usbIdOf,
  type HidDevice,
  type HidDeviceInfo,
  type ListHidDevices,
  type OpenHidDevice,
} from '../readers/hid-device';
import { firstTap } from './first-tap';

/**
 * "Tap any card now" for raw-HID readers (docs/decisions/0044): opens every candidate HID
 * interface at once and answers with the first card its reports carry: the device, the report
 * layout and report id that decoded it, and the card, as the kiosk's `readers.hid[]` config needs
 * them. Reports that decode as no card (a device that is not a reader, noise) are ignored; a
 * device that cannot be opened, or is unplugged while listening, is dropped. Every device opened
 * is closed again before the answer. No card within the time (or `signal` aborted): `setup-no-card`.
 */

export interface HidLearnerDeps {
  readonly devices?: ListHidDevices;
  readonly open?: OpenHidDevice;
  readonly clock?: () => number;
  /** Told each interface opened for a tap (tests send recorded reports once it listens). */
  readonly onOpened?: (info: HidDeviceInfo) => void;
  readonly log?: (message: string) => void;
}

/** Fewest characters a learnt id has: shorter ids are a status byte or noise, not a card. */
const MIN_ID_LENGTH = 6;
/** Report ids tried per device before its other reports are left alone. */
const MAX_REPORT_IDS = 8;
/** The guesses tried on each report, in order of preference: the first to read a card wins. */
const LAYOUTS: readonly HidLayoutSetting[] = ['auto', 'keyboard-usage'];

/**
 * True for a HID interface that may be a card reader the kiosk can open: it has a path, it is not
 * a keyboard (the OS owns those: a wedge reader) and its usage page is vendor-defined
 * (0xFF00–0xFFFF, where the readers we know put their reports) or not reported by the platform.
 * Standard pages — mice, touch screens, consumer keys, FIDO keys, UPSes — are never opened.
 */
export function isHidReaderCandidate(info: HidDeviceInfo): boolean {
  if (info.path === undefined || info.path === '' || isKeyboard(info)) return false;
  const page = info.usagePage;
  return page === undefined || page === 0 || page >= 0xff00;
}

/** The candidate interfaces, or none when the HID devices cannot be listed. */
export async function hidCandidates(deps: HidLearnerDeps = {}): Promise<HidDeviceInfo[]> {
  try {
    return (await (deps.devices ?? listHidDevices)()).filter(isHidReaderCandidate);
  } catch {
    return [];
  }
}

/** What a guess read: the layout and report id of the config, and the card. */
interface GuessRead {
  readonly reader: Omit<SetupHidReader, 'vendorId' | 'productId'>;
  readonly cardId: string;
}

interface Guess {
  readonly layout: HidLayoutSetting;
  readonly reportId: number | undefined;
  readonly stream: HidReportStream;
}

/** The guesses about one device's reports; each report is tried on all, in preference order. */
class ReportGuesses {
  readonly #guesses: Guess[] = LAYOUTS.map((layout) => ({
    layout,
    reportId: undefined,
    stream: new HidReportStream({ layout }),
  }));
  readonly #reportIds = new Set<number>();

  /** The first guess that reads a card of plausible length from this report, if any. */
  push(report: Uint8Array, at: number): GuessRead | null {
    const reportId = report[0] ?? 0;
    if (reportId !== 0 && !this.#reportIds.has(reportId) && this.#reportIds.size < MAX_REPORT_IDS) {
      this.#reportIds.add(reportId);
      for (const layout of LAYOUTS) {
        this.#guesses.push({ layout, reportId, stream: new HidReportStream({ layout, reportId }) });
      }
    }
    const ordered = [...this.#guesses].sort(
      (a, b) => Number(a.reportId !== undefined) - Number(b.reportId !== undefined),
    );
    let found: GuessRead | null = null;
    for (const guess of ordered) {
      const result = guess.stream.push(report, at);
      if (found !== null || result.kind !== 'card' || result.cardHex.length < MIN_ID_LENGTH) {
        continue;
      }
      found = {
        reader: {
          layout: result.layout,
          ...(guess.reportId === undefined ? {} : { reportId: guess.reportId }),
        },
        cardId: result.cardId,
      };
    }
    return found;
  }
}

function learntFrom(info: HidDeviceInfo, read: GuessRead): SetupLearntHid {
  const [vendorId, productId] = usbIdOf(info.vendorId, info.productId).split(':') as [
    string,
    string,
  ];
  const usbInterface = info.interface;
  return {
    source: 'hid',
    product: info.product?.trim() || `${vendorId}:${productId}`,
    reader: {
      vendorId,
      productId,
      ...read.reader,
      ...(usbInterface === undefined || usbInterface < 0 || usbInterface > 255
        ? {}
        : { interface: usbInterface }),
    },
    cardId: read.cardId,
  };
}

function closeQuietly(device: HidDevice): void {
  try {
    device.close();
  } catch {
    // Gone with an unplug: nothing to release.
  }
}

/** Waits up to `timeoutMs` for one card on any candidate HID reader. Never rejects. */
export async function learnHidReader(
  timeoutMs: number,
  deps: HidLearnerDeps = {},
  signal?: AbortSignal,
): Promise<Result<SetupLearntHid>> {
  const candidates = await hidCandidates(deps);
  const clock = deps.clock ?? Date.now;
  const learnt = await firstTap<HidDeviceInfo, HidDevice, SetupLearntHid>(timeoutMs, signal, {
    candidates,
    open: (info) => (deps.open ?? openHidDevice)(info.path ?? ''),
    attach: (device, info, { found, lost, isListening }) => {
      const guesses = new ReportGuesses();
      device.on('error', (error) => {
        deps.log?.(`setup: HID device ${info.path ?? ''} lost while learning: ${error.message}`);
        lost();
      });
      device.on('data', (report) => {
        if (!isListening()) return;
        const read = guesses.push(report, clock());
        if (read !== null) found(learntFrom(info, read));
      });
      deps.onOpened?.(info);
    },
    close: (device) => {
      closeQuietly(device);
      return Promise.resolve();
    },
  });
  if (learnt === null) {
    return err({
      code: 'setup-no-card',
      message: `No card read on ${candidates.length} HID reader(s) within ${timeoutMs} ms.`,
    });
  }
  return ok(learnt);
}
