import type { KioskConfigState } from '#shared/config/kiosk-config';
import { WEDGE_READER_NAME, type ReaderStatus } from '#shared/ipc/contract';

export { WEDGE_READER_NAME };

/**
 * The keyboard wedge's status, first in every reader list. The wedge is decoded in the renderer,
 * so main can only report whether it is enabled: 'connected' unless the config disables it; the
 * ReaderService lists the serial and HID readers after it. Never throws.
 */
export function readerStatuses(config: KioskConfigState): ReaderStatus[] {
  const isEnabled = config.status !== 'ok' || config.config.readers.wedge.enabled;
  return [
    {
      name: WEDGE_READER_NAME,
      kind: 'wedge',
      state: isEnabled ? 'connected' : 'disabled',
      reads: 0,
      rejected: 0,
    },
  ];
}
