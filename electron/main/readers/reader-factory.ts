import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardReader } from './card-reader';
import { HidCardReader, type HidReaderDeps } from './hid-card-reader';
import { SerialCardReader, type SerialReaderDeps } from './serial-card-reader';

/** Services for the readers the factory builds; anything left out is the real one. */
export interface CardReaderDeps {
  readonly serial?: Partial<SerialReaderDeps>;
  readonly hid?: Partial<HidReaderDeps>;
  /** Every reader's changes of state, with the device path (see ReconnectingReader). */
  readonly log?: (message: string) => void;
}

/**
 * Builds the main-process readers of the kiosk config: one SerialCardReader per `readers.serial`
 * entry, then one HidCardReader per `readers.hid` entry, in config order, none opened yet. The
 * keyboard wedge is not among them: the renderer reads it. Never throws for a valid config.
 */
export function createCardReaders(
  readers: KioskConfig['readers'],
  deps: CardReaderDeps = {},
): CardReader[] {
  const log = deps.log === undefined ? {} : { log: deps.log };
  return [
    ...readers.serial.map((config) => new SerialCardReader(config, { ...deps.serial, ...log })),
    ...readers.hid.map((config) => new HidCardReader(config, { ...deps.hid, ...log })),
  ];
}
