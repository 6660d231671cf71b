import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead } from '#shared/domain/types';
import { WedgeDetector } from '../lib/wedge/wedge-detector';

/**
 * Listens for keyboard-wedge reader bursts on `win` (whatever has focus) and reports each as a
 * CardRead. Does nothing when the config disables the wedge reader. Returns the detach function.
 */
export function attachWedgeReader(
  win: Window,
  config: KioskConfig['readers']['wedge'],
  onRead: (read: CardRead) => void,
): () => void {
  if (!config.enabled) return () => undefined;
  const detector = new WedgeDetector({
    maxGapMs: config.maxGapMs,
    minLength: config.minLength,
    prefix: config.prefix,
    suffix: config.suffix,
    onCard: ({ value, at }) => {
      onRead({
        cardId: value,
        // The digits alone cannot tell 10-digit decimal from hex; the badge flow matches every form.
        format: /^\d+$/.test(value) ? 'wedge-decimal' : 'wedge-hex',
        source: 'wedge',
        at,
      });
    },
    onDiscard: (reason) => {
      // Visible in the kiosk log: a reader that keeps cutting bursts short is failing.
      console.warn(`wedge burst discarded: ${reason}`);
    },
  });
  return detector.attach(win);
}
