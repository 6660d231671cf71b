import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FRAME_FORMATS, parseFrameFormat, type FrameFormat } from '#shared/readers/frame-types';
import { err, ok, type Result } from '#shared/result';

/**
 * The pure half of the readers diagnostics command (scripts/readers.ts): its arguments and its
 * device listing. Kept apart from the I/O so both are unit-tested.
 */

export const READERS_USAGE = [
  'usage: npm run readers -- --list',
  '       npm run readers -- --serial PATH [--format auto|rdm6300|binary|lfcr|line] [--baud N]',
  '       npm run readers -- --hid VID:PID',
  'options: --debounce MS (default 250), --timeout-ms MS inter-byte timeout (default 100)',
  'Accepted reads go to stdout, one JSON line each; rejected frames and status go to stderr.',
].join('\n');

export type ReadersCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'list' }
  | {
      readonly kind: 'serial';
      readonly path: string;
      readonly format: FrameFormat;
      readonly baudRate: number;
      readonly debounceMs: number;
      readonly interByteTimeoutMs?: number;
    }
  | {
      readonly kind: 'hid';
      readonly vendorId: string;
      readonly productId: string;
      readonly debounceMs: number;
    };

function usageError(message: string): Result<never> {
  return err({ code: 'usage', message });
}

function integer(name: string, text: string | undefined, min: number, max: number): Result<number> {
  if (text === undefined || !/^\d+$/.test(text)) return usageError(`${name} needs a number`);
  const n = Number(text);
  if (n < min || n > max) return usageError(`${name} must be between ${min} and ${max}`);
  return ok(n);
}

/** The command's options, as node:util parseArgs reads them. */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  list: { type: 'boolean' },
  serial: { type: 'string' },
  hid: { type: 'string' },
  format: { type: 'string' },
  baud: { type: 'string' },
  debounce: { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** The flags given and the values of the options that take one, keyed by `--name`. */
interface GivenOptions {
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/**
 * The options given, or the usage error of the first wrong argument. parseArgs splits the
 * arguments (`--x v`, `--x=v`, `-h`, `--`); it runs non-strict so that each mistake gets the
 * command's own message instead of Node's, and its tokens show what strict mode cannot: an option
 * given twice, a value that is really the next option.
 */
function givenOptions(argv: readonly string[]): Result<GivenOptions> {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind === 'positional') return usageError(`unknown argument: ${token.value}`);
    if (token.kind === 'option-terminator') return usageError('unknown argument: --');
    const flag = `--${token.name}`;
    if (!isOptionName(token.name)) return usageError(`unknown argument: ${token.rawName}`);
    if (OPTIONS[token.name].type === 'boolean') {
      if (token.value !== undefined) return usageError(`${flag} takes no value`);
      flags.add(flag);
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-')))
      return usageError(`${flag} needs a value`);
    if (values.has(flag)) return usageError(`${flag} is given twice`);
    values.set(flag, value);
  }
  return ok({ flags, values });
}

/**
 * Parses the command's arguments (after the script name). Exactly one of --list, --serial PATH and
 * --hid VID:PID; --format and --baud only with --serial; --help (-h) wins over everything but a
 * malformed argument. Returns a `usage` error naming the problem; never throws.
 */
export function parseReadersArgs(argv: readonly string[]): Result<ReadersCommand> {
  const given = givenOptions(argv);
  if (!given.ok) return given;
  const { flags, values } = given.value;
  if (flags.has('--help')) return ok({ kind: 'help' });
  const modes = [flags.has('--list'), values.has('--serial'), values.has('--hid')].filter(Boolean);
  if (modes.length !== 1)
    return usageError('give exactly one of --list, --serial PATH, --hid VID:PID');
  const debounce = integer('--debounce', values.get('--debounce') ?? '250', 0, 5000);
  if (!debounce.ok) return debounce;
  if (flags.has('--list')) {
    return values.size === 0 ? ok({ kind: 'list' }) : usageError('--list takes no other option');
  }
  const hid = values.get('--hid');
  if (hid !== undefined) {
    if (['--format', '--baud', '--timeout-ms'].some((f) => values.has(f))) {
      return usageError('--format, --baud and --timeout-ms apply to --serial only');
    }
    const ids = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(hid);
    if (ids?.[1] === undefined || ids[2] === undefined) {
      return usageError(`--hid needs VID:PID in hex, e.g. 08ff:0009, got ${hid}`);
    }
    return ok({
      kind: 'hid',
      vendorId: ids[1].toLowerCase(),
      productId: ids[2].toLowerCase(),
      debounceMs: debounce.value,
    });
  }
  const format = parseFrameFormat(values.get('--format') ?? 'auto');
  if (format === null) return usageError(`--format must be one of ${FRAME_FORMATS.join(', ')}`);
  const baud = integer('--baud', values.get('--baud') ?? '9600', 50, 921_600);
  if (!baud.ok) return baud;
  const timeoutText = values.get('--timeout-ms');
  const timeout =
    timeoutText === undefined ? undefined : integer('--timeout-ms', timeoutText, 1, 60_000);
  if (timeout?.ok === false) return timeout;
  return ok({
    kind: 'serial',
    path: values.get('--serial') ?? '',
    format,
    baudRate: baud.value,
    debounceMs: debounce.value,
    ...(timeout === undefined ? {} : { interByteTimeoutMs: timeout.value }),
  });
}

/** A serial port or HID interface as listed for installers. */
export interface ListedDevice {
  readonly kind: 'serial' | 'hid';
  readonly path: string;
  /** `vvvv:pppp` lowercase, or undefined for ports without a USB id (on-board UARTs). */
  readonly usbId?: string | undefined;
  readonly description?: string | undefined;
  readonly isKeyboard?: boolean;
}

/** The listing's lines: one per device, aligned, keyboards flagged as wedge readers. */
export function formatDeviceList(devices: readonly ListedDevice[]): string[] {
  if (devices.length === 0) return ['no serial ports or HID devices found'];
  const width = Math.max(...devices.map((d) => d.path.length));
  return devices.map((d) => {
    const note = d.isKeyboard === true ? '  (a keyboard: use it as a keyboard-wedge reader)' : '';
    const description =
      d.description === undefined || d.description === '' ? '' : `  ${d.description}`;
    return `${d.kind.padEnd(6)}  ${d.path.padEnd(width)}  ${(d.usbId ?? '-').padEnd(9)}${description}${note}`.trimEnd();
  });
}
