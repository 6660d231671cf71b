/**
 * The installers' diagnostics command for card readers (`npm run readers -- …`, see READERS_USAGE):
 * `--list` lists serial ports and HID devices with their USB ids; `--serial PATH` and `--hid
 * VID:PID` read cards the way the kiosk does (same decoders, same debounce, same reconnect) and
 * print one JSON line per accepted read on stdout, `{"cardId", "format", "source", "at"}`, and one
 * JSON line per rejected frame (`{"rejected": reason, …}`) or status change (`{"status": …}`) on
 * stderr. Runs until SIGINT/SIGTERM, then exits 0. Usage errors exit 2.
 */
import type { CardReader } from '#electron/main/readers/card-reader';
import { HidCardReader } from '#electron/main/readers/hid-card-reader';
import { isKeyboard, listHidDevices, usbIdOf } from '#electron/main/readers/hid-device';
import { SerialCardReader } from '#electron/main/readers/serial-card-reader';
import { listSerialPorts } from '#electron/main/readers/serial-port';
import {
  READERS_USAGE,
  formatDeviceList,
  parseReadersArgs,
  type ListedDevice,
  type ReadersCommand,
} from './readers-cli';

function line(stream: NodeJS.WriteStream, value: object): void {
  stream.write(`${JSON.stringify(value)}\n`);
}

async function list(): Promise<void> {
  const devices: ListedDevice[] = [];
  for (const port of await listSerialPorts()) {
    const usbId =
      port.vendorId !== undefined && port.productId !== undefined
        ? `${port.vendorId}:${port.productId}`.toLowerCase()
        : undefined;
    devices.push({ kind: 'serial', path: port.path, usbId, description: port.manufacturer });
  }
  try {
    for (const d of await listHidDevices()) {
      devices.push({
        kind: 'hid',
        path: d.path ?? '?',
        usbId: usbIdOf(d.vendorId, d.productId),
        description: [d.manufacturer, d.product].filter(Boolean).join(' '),
        isKeyboard: isKeyboard(d),
      });
    }
  } catch (error) {
    console.error(
      `cannot list HID devices: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  for (const text of formatDeviceList(devices)) console.log(text);
}

function readerFor(command: Extract<ReadersCommand, { kind: 'serial' | 'hid' }>): CardReader {
  if (command.kind === 'hid') {
    const { vendorId, productId, debounceMs } = command;
    return new HidCardReader({
      name: `hid ${vendorId}:${productId}`,
      vendorId,
      productId,
      debounceMs,
      layout: 'auto',
    });
  }
  const { path, format, baudRate, debounceMs, interByteTimeoutMs } = command;
  return new SerialCardReader(
    { name: path, path, format, baudRate, debounceMs },
    interByteTimeoutMs === undefined ? {} : { interByteTimeoutMs },
  );
}

async function read(command: Extract<ReadersCommand, { kind: 'serial' | 'hid' }>): Promise<void> {
  const reader = readerFor(command);
  reader.onCard((r) => {
    line(process.stdout, r);
  });
  reader.onRejected((r) => {
    line(process.stderr, {
      rejected: r.reason,
      ...(r.format === undefined ? {} : { format: r.format }),
      at: r.at,
    });
  });
  let lastState = '';
  let lastDetail: string | undefined;
  reader.onStatus((s) => {
    if (s.state === lastState && s.detail === lastDetail) return;
    lastState = s.state;
    lastDetail = s.detail;
    line(process.stderr, { status: s.state, detail: s.detail });
  });
  // Listeners that stay (not `once`): a second signal while closing (a process manager's) changes
  // nothing. The command runs in one process (`node --import tsx`, package.json): tsx's own CLI
  // relays a signal to a child process and kills it unless it answers within 30 ms, which a
  // loaded machine missed (exit 143).
  let isStopping = false;
  const stop = (): void => {
    if (isStopping) return;
    isStopping = true;
    void reader.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await reader.open();
}

const parsed = parseReadersArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`readers: ${parsed.error.message}\n${READERS_USAGE}`);
  process.exit(2);
}
const command = parsed.value;
if (command.kind === 'help') console.log(READERS_USAGE);
else if (command.kind === 'list') await list();
else await read(command);
