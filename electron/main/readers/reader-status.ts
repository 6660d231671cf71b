import type { KioskConfigState } from '#shared/config/kiosk-config';
import { WEDGE_READER_NAME, type ReaderStatus } from '#shared/ipc/contract';

export { WEDGE_READER_NAME };

/**
 * The keyboard wedge's status, first in every reader list. The wedge is decoded in the renderer
 * and types like any keyboard, so main cannot know whether one is plugged in: it reports
 * 'listening' (never 'connected') unless the config disables it, and the renderer adds the time of
 * the last wedge read. The ReaderService lists the serial and HID readers after it. Never throws.
 */
export function readerStatuses(config: KioskConfigState): ReaderStatus[] {
  const isEnabled = config.status !== 'ok' || config.config.readers.wedge.enabled;
  return [
    {
      name: WEDGE_READER_NAME,
      kind: 'wedge',
      state: isEnabled ? 'listening' : 'disabled',
      reads: 0,
      rejected: 0,
    },
  ];
}
