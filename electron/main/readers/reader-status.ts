import type { KioskConfigState } from '#shared/config/kiosk-config';
import { WEDGE_READER_NAME, type ReaderStatus } from '#shared/ipc/contract';

export { WEDGE_READER_NAME };

/**
 * Reader statuses for reader:get-status. The keyboard wedge is decoded in the renderer, so main can
 * only report whether it is enabled: 'connected' unless the config disables it. Serial and HID
 * readers join this list with their services (next issue). Never throws.
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
