import { describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { browserConfigState, createBrowserKioskApi } from './browser-kiosk-api';
import { getKioskApi } from './get-kiosk-api';

describe('browser kiosk API', () => {
  it('serves the demo config, flagged as demo, with no overrides', async () => {
    const reply = await createBrowserKioskApi({ search: '', now: Date.now }).config.getKiosk();
    expect(reply).toEqual({
      ok: true,
      value: { status: 'ok', config: DEMO_KIOSK_CONFIG, isDemo: true },
    });
  });

  it('applies timing overrides and rejects out-of-range ones like a bad config file', () => {
    const state = browserConfigState('?holdOffMs=500&resultScreenMs=1500&screenMs=5000');
    expect(state.status === 'ok' && [state.config.badge.holdOffMs, state.config.idle]).toEqual([
      500,
      { resultScreenMs: 1500, screenMs: 5000 },
    ]);
    const bad = browserConfigState('?holdOffMs=abc');
    expect(bad.status).toBe('invalid');
    expect(bad.status === 'invalid' && bad.path).toBe('(query string)');
  });

  it('checks the host PIN and locks after repeated failures', async () => {
    let now = 1_000_000;
    const api = createBrowserKioskApi({ search: '', now: () => now });
    expect(await api.host.verifyPin({ pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
    expect(await api.host.verifyPin({ pin: '12' })).toMatchObject({ ok: false });
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await api.host.verifyPin({ pin: '0000' }));
    expect(replies.slice(0, 4).every((r) => r.ok && !r.value.isValid && !r.value.lockedUntil)).toBe(
      true,
    );
    const last = replies[4];
    expect(last?.ok && last.value.lockedUntil).toBeGreaterThan(now);
    // Even the right PIN is refused while locked.
    const locked = await api.host.verifyPin({ pin: '1234' });
    expect(locked.ok && locked.value).toMatchObject({ isValid: false });
    now += 3_600_000;
    expect(await api.host.verifyPin({ pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
  });

  it('says it runs in a browser, and is what getKioskApi picks without a shell', async () => {
    const info = await getKioskApi(window).app.getInfo();
    expect(info.ok && info.value.isBrowser).toBe(true);
    expect(window.kiosk).toBeUndefined();
  });
});
