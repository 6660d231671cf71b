import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { RENDERER_CSP } from '#shared/security/csp';

/**
 * The app:// protocol that serves the built renderer (never file://, whose extra privileges the
 * fuses switch off). A request maps to exactly one file under the renderer folder or to an error
 * status; nothing outside that folder is ever read.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
/** The origin the kiosk page runs on; navigation and IPC senders are checked against it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the kiosk window loads in production. */
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * Privileges of the app scheme, registered before `ready`: standard (real origin, relative URLs),
 * secure (a secure context, as IndexedDB durability and crypto.subtle need), fetch for its own files.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** MIME type by file extension; unknown extensions are opaque bytes (and nosniff keeps them so). */
export function mimeTypeOf(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRequestResolution =
  | { readonly status: 200; readonly filePath: string; readonly mimeType: string }
  | { readonly status: 403 | 404; readonly reason: string };

// A dot segment in the raw URL, plain or percent-encoded: URL parsing would silently collapse it,
// but a request that tries it is hostile and gets 403 rather than a quietly rewritten path.
const DOT_SEGMENT = /(^|[/\\]|%2f|%5c)(\.|%2e){1,2}([/\\?#]|%2f|%5c|$)/i;

/**
 * Maps `app://kiosk/<path>` to a file under `rootDir` (index.html for `/`). Pure: it reads no file.
 * 403 for another scheme or host, dot segments (also encoded), encoded slashes, backslashes, NUL,
 * empty segments or anything that would leave `rootDir`; 404 for an unparsable URL or a folder.
 */
export function resolveAppRequest(url: string, rootDir: string): AppRequestResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404, reason: 'unparsable URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) {
    return { status: 403, reason: 'foreign origin' };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { status: 403, reason: 'credentials in URL' };
  }
  const rawPath = url.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '';
  if (DOT_SEGMENT.test(rawPath)) return { status: 403, reason: 'dot segment' };

  const pathname =
    parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;
  if (pathname.endsWith('/')) return { status: 404, reason: 'folder' };
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 403, reason: 'bad percent-encoding' };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) {
      return { status: 403, reason: 'unsafe path segment' };
    }
    segments.push(segment);
  }
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!filePath.startsWith(root + path.sep)) return { status: 403, reason: 'outside root' };
  return { status: 200, filePath, mimeType: mimeTypeOf(filePath) };
}

/** Headers every app:// response carries, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * Builds the `protocol.handle('app', …)` handler for the renderer built into `rootDir`.
 * Never rejects: GET / HEAD only (else 405); missing files 404; a file whose real path (after
 * symlinks) leaves `rootDir` 403; unreadable files 404. Every response has securityHeaders().
 */
export function createAppProtocolHandler(
  rootDir: string,
): (request: { readonly url: string; readonly method: string }) => Promise<Response> {
  const plain = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
    });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method Not Allowed');
    const resolved = resolveAppRequest(request.url, rootDir);
    if (resolved.status !== 200) {
      return plain(resolved.status, resolved.status === 403 ? 'Forbidden' : 'Not Found');
    }
    try {
      const [realRoot, realFile] = await Promise.all([
        realpath(rootDir),
        realpath(resolved.filePath),
      ]);
      if (!realFile.startsWith(realRoot + path.sep)) return plain(403, 'Forbidden');
      const body = await readFile(realFile);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': resolved.mimeType },
      });
    } catch {
      return plain(404, 'Not Found');
    }
  };
}
