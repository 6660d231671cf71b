import { SerialPort } from 'serialport';
import { detectHangups } from './serial-hangup';

/**
 * The part of a serial port a reader needs, over the real `serialport` package. Tests use it on a
 * real pty pair (socat); nothing here is faked.
 */
export interface SerialConnection {
  readonly path: string;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called at most once, when the port goes away without close(): unplug, I/O error. */
  onClose(listener: (error: Error | null) => void): void;
  /** Closes the port; resolves when it is closed. Never rejects: a port already gone is closed. */
  close(): Promise<void>;
}

/** What the OS tells of a serial port; vendorId/productId are 4 hex digits for USB adapters. */
export interface SerialPortInfo {
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
}

/** Opens a port (see openSerialPort); rejects with the OS error. */
export type OpenSerialPort = (path: string, baudRate: number) => Promise<SerialConnection>;
/** Lists the OS's serial ports (see listSerialPorts). */
export type ListSerialPorts = () => Promise<SerialPortInfo[]>;

function optionalString(record: object, key: string): string | undefined {
  const value: unknown = (record as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Lists the OS's serial ports. Rejects when the OS enumeration fails. */
export const listSerialPorts: ListSerialPorts = async () => {
  // serialport's list() is typed any[] here (its bindings-interface types do not resolve), so
  // each entry is read field by field.
  const ports: unknown[] = await SerialPort.list();
  return ports.flatMap((p) => {
    if (typeof p !== 'object' || p === null) return [];
    const path = optionalString(p, 'path');
    if (path === undefined) return [];
    return [
      {
        path,
        vendorId: optionalString(p, 'vendorId'),
        productId: optionalString(p, 'productId'),
        manufacturer: optionalString(p, 'manufacturer'),
        serialNumber: optionalString(p, 'serialNumber'),
      },
    ];
  });
};

/**
 * Opens `path` at `baudRate`, 8N1. Rejects with the OS error (its message names ENOENT, EACCES…)
 * when the port cannot be opened.
 */
export const openSerialPort: OpenSerialPort = async (path, baudRate) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
  const bindingPort: unknown = port.port;
  if (typeof bindingPort === 'object' && bindingPort !== null) detectHangups(bindingPort);
  let closeListener: ((error: Error | null) => void) | null = null;
  let isClosed = false;
  const closed = (error: Error | null): void => {
    if (isClosed) return;
    isClosed = true;
    closeListener?.(error);
  };
  port.on('close', (error: Error | null | undefined) => {
    closed(error ?? null);
  });
  // An error while open (EIO on unplug) is answered by closing, so the reader sees one close.
  port.on('error', (error: Error) => {
    if (port.isOpen) port.close(() => undefined);
    closed(error);
  });
  return {
    path,
    onData(listener) {
      port.on('data', (chunk: Buffer) => {
        listener(chunk);
      });
    },
    onClose(listener) {
      closeListener = listener;
    },
    close: () =>
      new Promise<void>((resolve) => {
        isClosed = true;
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => {
          resolve();
        });
      }),
  };
};
