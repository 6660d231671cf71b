/**
 * The part of `node-hid` a HID reader uses. `HID.HID` satisfies HidDevice and node-hid's `Device`
 * satisfies HidDeviceInfo, so tests inject a typed fake of the same shape (no virtual HID device
 * can be made here) while the kiosk uses the real package, loaded only when a HID reader is set up.
 */

/** One HID interface as the OS enumerates it. usagePage 1 + usage 6 is a keyboard. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly product?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
  readonly interface?: number | undefined;
}

/** An opened HID device: input reports arrive as `data`; an unplug arrives as `error`. */
export interface HidDevice {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}

/** Lists HID interfaces (see listHidDevices). */
export type ListHidDevices = () => Promise<HidDeviceInfo[]>;
/** Opens a HID interface by path (see openHidDevice); rejects when it cannot. */
export type OpenHidDevice = (path: string) => Promise<HidDevice>;

/** Lists HID interfaces through node-hid. Rejects when node-hid cannot be loaded. */
export const listHidDevices: ListHidDevices = async () => {
  const hid = await import('node-hid');
  return hid.devices();
};

/** Opens a HID interface by path through node-hid. Rejects with node-hid's error when it cannot. */
export const openHidDevice: OpenHidDevice = async (path) => {
  const hid = await import('node-hid');
  return new hid.HID(path);
};

/** True for an interface the OS treats as a keyboard (HID usage page 1, usage 6). */
export function isKeyboard(info: HidDeviceInfo): boolean {
  return info.usagePage === 0x01 && info.usage === 0x06;
}

/** `vvvv:pppp`, lowercase hex, as in the kiosk config and `lsusb`. */
export function usbIdOf(vendorId: number, productId: number): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return `${hex(vendorId)}:${hex(productId)}`;
}
