import { APP_ORIGIN, APP_START_URL } from './protocol/app-protocol';

/**
 * How this run of the shell behaves, decided once from `app.isPackaged` and the environment.
 * A packaged kiosk ignores every development switch, so a stray variable on a reception PC can
 * neither open devtools nor point the kiosk at another page.
 */
export interface RuntimeOptions {
  /** Development run: devtools allowed. Only when unpackaged and KIOSK_DEV=1. */
  readonly isDev: boolean;
  /** The URL the window loads: app://kiosk/ or, in development, the vite dev server. */
  readonly startUrl: string;
  /** Origin navigation and IPC senders are checked against. */
  readonly appOrigin: string;
  /** Development switches that were set but refused, for the start-up log. */
  readonly ignored: readonly string[];
}

const DEV_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A dev-server URL is accepted only as plain http on the loopback interface. */
export function isLoopbackHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'http:' &&
      DEV_HOSTS.has(parsed.hostname) &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** Decides the run's options; never throws (refused switches are listed in `ignored`). */
export function resolveRuntimeOptions(opts: {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): RuntimeOptions {
  const ignored: string[] = [];
  const wantsDev = opts.env['KIOSK_DEV'] === '1';
  const devUrl = opts.env['KIOSK_DEV_URL'];
  if (opts.isPackaged) {
    if (wantsDev) ignored.push('KIOSK_DEV (packaged app)');
    if (devUrl !== undefined) ignored.push('KIOSK_DEV_URL (packaged app)');
    return { isDev: false, startUrl: APP_START_URL, appOrigin: APP_ORIGIN, ignored };
  }
  if (devUrl !== undefined && devUrl !== '') {
    if (isLoopbackHttpUrl(devUrl)) {
      return { isDev: wantsDev, startUrl: devUrl, appOrigin: new URL(devUrl).origin, ignored };
    }
    ignored.push('KIOSK_DEV_URL (not an http://localhost URL)');
  }
  return { isDev: wantsDev, startUrl: APP_START_URL, appOrigin: APP_ORIGIN, ignored };
}
