import { describe, expect, it } from 'vitest';
import type { KioskLogger } from '../logging/kiosk-log';
import { createUpdateService, type UpdaterPort } from './update-service';

const ZONE = 'Europe/Brussels';
/** Monday 9 March 2026, 11:00 in Brussels (open: 08:30–18:00). */
const MONDAY_11H = Date.parse('2026-03-09T10:00:00Z');
const HOUR = 3600_000;

/** An updater whose checks the test completes by hand and whose downloads it announces. */
function fakeUpdater() {
  const calls: string[] = [];
  let downloaded: ((version: string) => void) | undefined;
  let finishCheck: ((error?: Error) => void) | undefined;
  let installError: Error | undefined;
  const port: UpdaterPort = {
    check: () =>
      new Promise<void>((resolve, reject) => {
        calls.push('check');
        finishCheck = (error) => {
          if (error) reject(error);
          else resolve();
        };
      }),
    install: () => {
      calls.push('install');
      return installError === undefined ? Promise.resolve() : Promise.reject(installError);
    },
    onDownloaded: (listener) => {
      downloaded = listener;
    },
  };
  return {
    port,
    calls,
    download: (version: string) => downloaded?.(version),
    finishCheck: (error?: Error) => finishCheck?.(error),
    failInstalls: (error: Error | undefined) => {
      installError = error;
    },
  };
}

function setup() {
  let now = MONDAY_11H;
  const updater = fakeUpdater();
  const lines: string[] = [];
  const log: KioskLogger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  const intervals: { fn: () => void; ms: number }[] = [];
  const service = createUpdateService({
    updater: updater.port,
    log,
    clock: () => now,
    quiet: {
      hours: { mon: [{ from: '08:30', to: '18:00' }] },
      zone: ZONE,
      fallbackWindow: '02:00-04:00',
    },
    timers: {
      setInterval: (fn, ms) => intervals.push({ fn, ms }),
      clearInterval: () => intervals.splice(0),
    },
  });
  return {
    service,
    updater,
    lines,
    intervals,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('createUpdateService', () => {
  it('checks in the background while open, installs only after closing, idle and not syncing', async () => {
    const t = setup();
    const first = t.service.tick();
    expect(t.updater.calls).toEqual(['check']);
    // A second tick while the check runs starts no other.
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'busy' });
    t.updater.download('1.5.0');
    t.updater.finishCheck();
    expect(await first).toEqual({ action: 'check' });
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'open-hours' });

    t.advance(8 * HOUR); // 19:00, closed
    t.service.noteInteraction(t.now() - 60_000);
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'visitor-active' });
    t.advance(5 * 60_000);
    t.service.setSyncing(true);
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'syncing' });
    t.service.setSyncing(false);
    expect(await t.service.tick()).toEqual({ action: 'install', version: '1.5.0' });
    expect(t.updater.calls).toEqual(['check', 'install']);
    // Installing once: the app is quitting.
    await t.service.tick();
    expect(t.updater.calls).toEqual(['check', 'install']);
    expect(t.lines).toEqual([
      'info update 1.5.0 downloaded; installed in quiet hours',
      'info installing update 1.5.0',
    ]);
  });

  it('logs a failed check and tries again when the next one is due', async () => {
    const t = setup();
    const first = t.service.tick();
    t.updater.finishCheck(new Error('hub-network'));
    await first;
    expect(t.lines).toEqual(['warn update check failed']);
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'not-due' });
    t.advance(4 * HOUR);
    const again = t.service.tick();
    expect(t.updater.calls).toEqual(['check', 'check']);
    t.updater.finishCheck();
    await again;
  });

  it('logs an install that failed (nothing staged) and installs again after the next download', async () => {
    const t = setup();
    t.advance(8 * HOUR); // 19:00, closed
    const first = t.service.tick();
    t.updater.download('1.5.0');
    t.updater.finishCheck();
    await first;
    t.updater.failInstalls(new Error('the hub has no signature'));
    expect(await t.service.tick()).toEqual({ action: 'install', version: '1.5.0' });
    expect(t.lines.at(-1)).toBe('warn update 1.5.0 not installed');
    // Not again every minute: the next check (4 hours later) downloads it again.
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'not-due' });
    expect(t.updater.calls).toEqual(['check', 'install']);
    t.updater.failInstalls(undefined);
    t.updater.download('1.5.0');
    expect(await t.service.tick()).toEqual({ action: 'install', version: '1.5.0' });
    expect(t.updater.calls).toEqual(['check', 'install', 'install']);
  });

  it('follows new quiet hours, and its timer starts once and stops', async () => {
    const t = setup();
    t.service.start();
    t.service.start();
    expect(t.intervals.map((i) => i.ms)).toEqual([60_000]);
    t.updater.download('2.0.0');
    expect(await t.service.tick()).toEqual({ action: 'wait', reason: 'open-hours' });
    t.service.setQuietHours({ hours: {}, zone: ZONE, fallbackWindow: '02:00-04:00' });
    expect(await t.service.tick()).toEqual({ action: 'install', version: '2.0.0' });
    t.service.stop();
    expect(t.intervals).toEqual([]);
  });
});
