import { wedgeCardForm } from '#shared/card/card-forms';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead } from '#shared/domain/types';
import { WedgeDetector, type WedgeDiscard } from '../lib/wedge/wedge-detector';

// Dropped bursts a person should hear about: a reader's read went wrong, so they tap again.
const UNREADABLE: ReadonlySet<WedgeDiscard> = new Set(['cut-short', 'no-card-form', 'split']);

/**
 * Listens for keyboard-wedge reader bursts on `win` (whatever has focus) and reports each whole
 * card (shared/card/card-forms.ts, plus the config's `forms`) as a CardRead. A reader burst that
 * is no whole card (cut short, split, of no known form) is never a read: it is logged and
 * `onUnreadable` is called, so a screen waiting for a card can ask for it again. Does nothing
 * when the config disables the wedge reader. Returns the detach function.
 */
export function attachWedgeReader(
  win: Window,
  config: KioskConfig['readers']['wedge'],
  onRead: (read: CardRead) => void,
  onUnreadable: () => void = () => undefined,
): () => void {
  if (!config.enabled) return () => undefined;
  const detector = new WedgeDetector({
    maxGapMs: config.maxGapMs,
    minLength: config.minLength,
    prefix: config.prefix,
    suffix: config.suffix,
    isCard: (value) => wedgeCardForm(value, config.forms) !== null,
    onCard: ({ value, at }) => {
      onRead({
        cardId: value,
        // 'wedge-dec10' can still be hex; the badge flow matches every reading of the digits.
        format: `wedge-${wedgeCardForm(value, config.forms) ?? 'custom'}`,
        source: 'wedge',
        at,
      });
    },
    onDiscard: (reason) => {
      // Visible in the kiosk log: a reader that keeps cutting bursts short is failing.
      console.warn(`wedge burst discarded: ${reason}`);
      if (UNREADABLE.has(reason)) onUnreadable();
    },
  });
  return detector.attach(win);
}
