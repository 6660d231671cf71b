import { decodeHidReport, type HidReportLayout } from './hid-report';
import { KeyboardUsageCollector } from './hid-keyboard-usage';

/**
 * One raw-HID reader's reports, decoded as its config says (`readers.hid[].layout`, `reportId`):
 * what HidCardReader runs for each device it opens, and what the setup's HID learning tries for
 * each guess. Time is passed in; never throws.
 */

/** The report layouts a HID reader config may name; `auto` tells ascii and length-prefixed apart. */
export const HID_LAYOUTS = ['auto', 'ascii', 'length-prefixed', 'keyboard-usage'] as const;
export type HidLayoutSetting = (typeof HID_LAYOUTS)[number];
/** The layout a card was read in. */
export type HidReadLayout = HidReportLayout | 'keyboard-usage';

export interface HidReportStreamOptions {
  readonly layout?: HidLayoutSetting;
  /** The device numbers its reports: only reports of this id carry cards (byte 0, skipped). */
  readonly reportId?: number | undefined;
  /** keyboard-usage: the longest gap between two reports of one id. */
  readonly maxGapMs?: number;
}

export type HidStreamResult =
  | {
      readonly kind: 'card';
      readonly layout: HidReadLayout;
      /** The id as carried, uppercase. */
      readonly cardHex: string;
      readonly cardId: string;
    }
  /** An all-zero report (card lifted), or a keyboard-usage id still arriving. */
  | { readonly kind: 'idle' }
  | { readonly kind: 'pending' }
  /** A report of another report id: not a card report of this device. */
  | { readonly kind: 'other-report' }
  | {
      readonly kind: 'rejected';
      readonly reason: 'all-zero' | 'malformed';
      readonly layout?: HidReadLayout;
    };

export class HidReportStream {
  readonly #layout: HidLayoutSetting;
  readonly #reportId: number | undefined;
  readonly #keys: KeyboardUsageCollector;

  constructor(options: HidReportStreamOptions = {}) {
    this.#layout = options.layout ?? 'auto';
    this.#reportId = options.reportId;
    this.#keys = new KeyboardUsageCollector(options.maxGapMs);
  }

  /** Forgets a keyboard-usage id half-typed (a new device was opened). */
  reset(): void {
    this.#keys.reset();
  }

  push(report: Uint8Array, at: number): HidStreamResult {
    let body = report;
    if (this.#reportId !== undefined) {
      if (report[0] !== this.#reportId) return { kind: 'other-report' };
      body = report.subarray(1);
    }
    if (this.#layout === 'keyboard-usage') return this.#keyboard(body, at);
    const result = decodeHidReport(body);
    if (result.kind !== 'card' || this.#layout === 'auto' || result.layout === this.#layout) {
      return result;
    }
    return { kind: 'rejected', reason: 'malformed', layout: result.layout };
  }

  #keyboard(body: Uint8Array, at: number): HidStreamResult {
    const result = this.#keys.push(body, at);
    if (result.kind !== 'card') {
      return result.kind === 'rejected'
        ? { kind: 'rejected', reason: result.reason, layout: 'keyboard-usage' }
        : result;
    }
    return {
      kind: 'card',
      layout: 'keyboard-usage',
      cardHex: result.text.toUpperCase(),
      cardId: result.cardId,
    };
  }
}
