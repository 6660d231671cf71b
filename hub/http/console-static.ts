import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:console` writes the console (hub/console/vite.config.ts). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/**
 * The console's Content-Security-Policy, sent as a header (frame-ancestors works only there):
 * its own scripts, styles and API, nothing inline, nothing from elsewhere, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>Console not built</title></head>
<body><h1>The console is not built</h1>
<p>This hub has no built console to serve. On the hub's machine, run <code>npm run build:console</code>
(or <code>npm run build</code>) in the project's folder, then start the hub again.</p></body></html>
`;

/**
 * Serves the built console (`dir`, default DEFAULT_CONSOLE_DIR) at `/console/` (decision 0027):
 * hashed assets cached for a year, `index.html` revalidated each time, and every `/console…`
 * answer (pages, assets, the console API) with the console's security headers. A hub whose
 * console is not built answers `/console/` with a 503 page saying how to build it; the API is
 * unaffected. `/console` redirects to `/console/`. Missing files fall to the hub's 404.
 */
export function registerConsoleApp(app: FastifyInstance, dir = DEFAULT_CONSOLE_DIR): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url === '/console' || request.url.startsWith('/console/')) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    }
    done(null, payload);
  });
  app.get('/console', (_request, reply) => reply.redirect('/console/', 301));
  if (!existsSync(path.join(dir, 'index.html'))) {
    app.get('/console/', (_request, reply) =>
      reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT),
    );
    return;
  }
  // Loaded with the other plugins at listen (Fastify queues registrations).
  void app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    index: 'index.html',
    redirect: false,
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (reply, file) => {
      const asset = path.relative(dir, file).startsWith(`assets${path.sep}`);
      reply.header('cache-control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
