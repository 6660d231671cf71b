import { read } from 'node:fs';
import { promisify } from 'node:util';

/**
 * A fix for unplug detection on Linux and macOS. serialport's unix read (bindings-cpp unixRead)
 * retries forever when read() returns 0 bytes, which is how the OS reports a hung-up tty (a USB
 * adapter unplugged, a pty whose other end closed): the reader spins at full CPU and never learns
 * the port is gone (serialport/bindings-cpp#162, fix proposed in #164, not released). This read
 * treats a 0-byte read as the hang-up it is, so the stream closes with a disconnect error.
 */

const fsRead = promisify(read);

/** The members of bindings-cpp's unix port (LinuxPortBinding, DarwinPortBinding) this read uses. */
interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error?: Error | null) => void): unknown };
  read(
    buffer: Buffer,
    offset: number,
    length: number,
  ): Promise<{ buffer: Buffer; bytesRead: number }>;
}

function isUnixPort(port: object): port is UnixPort {
  return 'fd' in port && 'poller' in port && 'read' in port;
}

/** A function, not an inline test: the port closes while a read awaits, which flow typing misses. */
function isClosed(port: UnixPort): boolean {
  return !port.isOpen;
}

function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

function isRetryable(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
}

async function readUntilData(
  port: UnixPort,
  buffer: Buffer,
  offset: number,
  length: number,
): Promise<{ buffer: Buffer; bytesRead: number }> {
  for (;;) {
    const fd = port.fd;
    if (isClosed(port) || fd === null) throw canceled();
    let bytesRead: number;
    try {
      ({ bytesRead } = await fsRead(fd, buffer, offset, length, null));
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (isClosed(port)) throw canceled();
      await new Promise<void>((resolve, reject) => {
        port.poller.once('readable', (pollError) => {
          if (pollError) reject(pollError);
          else resolve();
        });
      });
      continue;
    }
    if (bytesRead > 0) return { buffer, bytesRead };
    throw Object.assign(new Error('the device hung up (end of file)'), { disconnect: true });
  }
}

/**
 * Replaces the read of an opened unix binding port with one that reports a hang-up. Call it after
 * the port opened and before the first read. Ports of other platforms (Windows) are left alone.
 */
export function detectHangups(port: object): void {
  if (!isUnixPort(port)) return;
  port.read = (buffer, offset, length) => readUntilData(port, buffer, offset, length);
}
