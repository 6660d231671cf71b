import { describe, expect, it } from 'vitest';
import {
  denyWindowOpen,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  type HardenableContents,
  type HardenableSession,
  type NavigationEvent,
} from './lockdown';

const ORIGIN = 'app://kiosk';

type Listener = (event: NavigationEvent) => void;

/** Records listeners like WebContents does, and fires them with a preventable event. */
class FakeContents implements HardenableContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: (() => { action: 'deny' }) | null = null;

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: () => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits `event` for `url`; returns whether some listener prevented it. */
  emit(event: string, url: string): boolean {
    let isPrevented = false;
    const listeners = this.listeners.get(event) ?? [];
    expect(listeners.length).toBeGreaterThan(0);
    for (const listener of listeners) {
      listener({
        url,
        preventDefault: () => {
          isPrevented = true;
        },
      });
    }
    return isPrevented;
  }
}

describe('isAllowedNavigation', () => {
  it.each([
    'app://kiosk/',
    'app://kiosk/index.html',
    'app://kiosk/assets/app.js?x=1#top',
    'APP://KIOSK/index.html',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url, ORIGIN)).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://kiosk/',
    'file:///etc/passwd',
    'app://kiosk.evil.example/',
    'app://evil/',
    'app://user:pw@kiosk/',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
    'not a url',
    '',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url, ORIGIN)).toBe(false);
  });

  it('checks the port of an http development origin', () => {
    expect(isAllowedNavigation('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });

  it('never allows anything against an unparsable origin', () => {
    expect(isAllowedNavigation('app://kiosk/', 'nonsense')).toBe(false);
  });
});

describe('hardenWebContents', () => {
  const hardened = (): FakeContents => {
    const contents = new FakeContents();
    hardenWebContents(contents, ORIGIN);
    return contents;
  };

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])(
    'prevents %s to another origin and lets the app origin through',
    (event) => {
      const contents = hardened();
      expect(contents.emit(event, 'https://evil.example/phish')).toBe(true);
      expect(contents.emit(event, 'file:///etc/passwd')).toBe(true);
      expect(contents.emit(event, 'app://kiosk/index.html')).toBe(false);
    },
  );

  it('prevents every webview from attaching', () => {
    expect(hardened().emit('will-attach-webview', 'app://kiosk/')).toBe(true);
  });

  it('denies window.open whatever the URL', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler).toBe(denyWindowOpen);
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  const PERMISSIONS = [
    'media',
    'notifications',
    'geolocation',
    'serial',
    'hid',
    'usb',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'unknown',
  ];

  const session = () => {
    const recorded: {
      request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
      check?: () => boolean;
      device?: () => boolean;
      bluetooth?: Parameters<HardenableSession['setBluetoothPairingHandler']>[0];
    } = {};
    const fake: HardenableSession = {
      setPermissionRequestHandler: (h) => (recorded.request = h),
      setPermissionCheckHandler: (h) => (recorded.check = h),
      setDevicePermissionHandler: (h) => (recorded.device = h),
      setBluetoothPairingHandler: (h) => (recorded.bluetooth = h),
    };
    hardenSession(fake);
    return recorded;
  };

  it.each(PERMISSIONS)('denies the permission request %s', async (permission) => {
    const { request } = session();
    expect(request).toBeDefined();
    const granted = await new Promise<boolean>((resolve) => {
      request?.({}, permission, resolve);
    });
    expect(granted).toBe(false);
  });

  it('fails every permission check, device permission and Bluetooth pairing', async () => {
    const { check, device, bluetooth } = session();
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
    const response = await new Promise<{ confirmed: boolean }>((resolve) => {
      bluetooth?.({}, resolve);
    });
    expect(response).toEqual({ confirmed: false });
  });
});
