import { describe, expect, it } from 'vitest';
import { formatDeviceList, parseReadersArgs } from './readers-cli';

function usageMessage(argv: string[]): string {
  const result = parseReadersArgs(argv);
  if (result.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  expect(result.error.code).toBe('usage');
  return result.error.message;
}

describe('parseReadersArgs', () => {
  it('parses --list, --help, --serial with its defaults and options, and --hid', () => {
    expect(parseReadersArgs(['--list'])).toEqual({ ok: true, value: { kind: 'list' } });
    expect(parseReadersArgs(['--help'])).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseReadersArgs(['--serial', '/dev/ttyUSB0'])).toEqual({
      ok: true,
      value: {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        format: 'auto',
        baudRate: 9600,
        debounceMs: 250,
      },
    });
    expect(
      parseReadersArgs([
        '--serial',
        '/dev/ttyACM0',
        '--format',
        'binary',
        '--baud',
        '115200',
        '--debounce',
        '0',
        '--timeout-ms',
        '500',
      ]),
    ).toEqual({
      ok: true,
      value: {
        kind: 'serial',
        path: '/dev/ttyACM0',
        format: 'binary',
        baudRate: 115200,
        debounceMs: 0,
        interByteTimeoutMs: 500,
      },
    });
    expect(parseReadersArgs(['--hid', '08FF:0009'])).toEqual({
      ok: true,
      value: { kind: 'hid', vendorId: '08ff', productId: '0009', debounceMs: 250 },
    });
  });

  it('reads --option=value, -h, and --help alongside other options', () => {
    expect(parseReadersArgs(['--serial=/dev/ttyUSB1', '--baud=19200', '--debounce=0'])).toEqual({
      ok: true,
      value: {
        kind: 'serial',
        path: '/dev/ttyUSB1',
        format: 'auto',
        baudRate: 19200,
        debounceMs: 0,
      },
    });
    expect(parseReadersArgs(['-h'])).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseReadersArgs(['--serial', '/dev/ttyUSB0', '--help'])).toEqual({
      ok: true,
      value: { kind: 'help' },
    });
  });

  it('names the problem of each wrong command line', () => {
    expect(usageMessage([])).toContain('exactly one of');
    expect(usageMessage(['--list', '--serial', '/dev/ttyUSB0'])).toContain('exactly one of');
    expect(usageMessage(['--serial'])).toBe('--serial needs a value');
    expect(usageMessage(['--serial', '--list'])).toBe('--serial needs a value');
    expect(usageMessage(['--serial', 'a', '--serial', 'b'])).toBe('--serial is given twice');
    expect(usageMessage(['--serial', 'a', '--format', 'morse'])).toContain(
      '--format must be one of auto, rdm6300',
    );
    expect(usageMessage(['--serial', 'a', '--baud', 'fast'])).toBe('--baud needs a number');
    expect(usageMessage(['--serial', 'a', '--baud', '10'])).toContain('between');
    expect(usageMessage(['--hid', '8ff:9'])).toContain('VID:PID');
    expect(usageMessage(['--hid', '08ff:0009', '--format', 'line'])).toContain('--serial only');
    expect(usageMessage(['--list', '--debounce', '5'])).toBe('--list takes no other option');
    expect(usageMessage(['--verbose'])).toBe('unknown argument: --verbose');
    expect(usageMessage(['-x'])).toBe('unknown argument: -x');
    expect(usageMessage(['/dev/ttyUSB0'])).toBe('unknown argument: /dev/ttyUSB0');
    expect(usageMessage(['--list', '--', '--serial'])).toBe('unknown argument: --');
    expect(usageMessage(['--list=yes'])).toBe('--list takes no value');
    expect(usageMessage(['--serial='])).toBe('--serial needs a value');
    expect(usageMessage(['--hid', '08ff:0009', '--hid=08ff:0009'])).toBe('--hid is given twice');
    expect(usageMessage(['--help', '--verbose'])).toBe('unknown argument: --verbose');
  });
});

describe('formatDeviceList', () => {
  it('aligns devices and flags keyboards as wedge readers', () => {
    expect(
      formatDeviceList([
        {
          kind: 'serial',
          path: '/dev/ttyUSB0',
          usbId: '1a86:7523',
          description: 'QinHeng Electronics',
        },
        { kind: 'serial', path: '/dev/ttyS0' },
        {
          kind: 'hid',
          path: '/dev/hidraw1',
          usbId: '08ff:0009',
          description: 'RFID reader',
          isKeyboard: true,
        },
      ]),
    ).toEqual([
      'serial  /dev/ttyUSB0  1a86:7523  QinHeng Electronics',
      'serial  /dev/ttyS0    -',
      'hid     /dev/hidraw1  08ff:0009  RFID reader  (a keyboard: use it as a keyboard-wedge reader)',
    ]);
    expect(formatDeviceList([])).toEqual(['no serial ports or HID devices found']);
  });
});
