import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

const gzipAsync = promisify(gzip);

/** Responses smaller than this are sent as is: gzip would not pay for its header. */
const MIN_GZIP_BYTES = 1024;

/**
 * Adds gzip to `app` (no kept Fastify plugin is installed here; @fastify/compress would be the
 * one): request bodies with `Content-Encoding: gzip` are inflated before parsing, responses are
 * gzipped when the client accepts it. Guarantees:
 * - another content encoding gets 415 `encoding-unsupported`;
 * - a body that is not gzip gets 400 `malformed`;
 * - the inflated size is capped at `maxBodyBytes`: past it the request gets 413 `too-large` and
 *   inflating STOPS (the request is unpiped, the inflater destroyed), so a small body that
 *   inflates to a gigabyte costs neither that memory nor the time to inflate it.
 */
export function registerGzip(app: FastifyInstance, maxBodyBytes: number): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity') {
      done(null, payload);
      return;
    }
    if (encoding !== 'gzip') {
      done(
        new HttpError(
          415,
          'encoding-unsupported',
          `Content-Encoding ${encoding.slice(0, 40)} is not supported; use gzip.`,
        ),
      );
      return;
    }
    const inflate = createGunzip();
    let inflated = 0;
    const stop = (error: HttpError) => {
      payload.unpipe(inflate);
      inflate.destroy();
      capped.destroy(error);
    };
    // Fastify checks the length it was told against the bytes that came over the wire.
    const capped = Object.assign(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          inflated += chunk.length;
          if (inflated > maxBodyBytes) {
            stop(
              new HttpError(
                413,
                'too-large',
                `Request body exceeds ${maxBodyBytes} bytes (after gzip decoding).`,
              ),
            );
            callback();
            return;
          }
          callback(null, chunk);
        },
      }),
      { receivedEncodedLength: 0 },
    );
    payload.on('data', (chunk: Buffer) => {
      capped.receivedEncodedLength += chunk.length;
    });
    inflate.on('error', () => {
      stop(new HttpError(400, 'malformed', 'The body is not valid gzip.'));
    });
    // Fastify reads `capped` only when a route parses a body; when it refuses the request first
    // (415, 404, a GET), an error here would otherwise be unhandled and end the process.
    capped.on('error', () => undefined);
    payload.pipe(inflate).pipe(capped);
    done(null, capped);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const accepts = request.headers['accept-encoding'] ?? '';
    if (!/\bgzip\b/i.test(accepts) || Buffer.byteLength(payload) < MIN_GZIP_BYTES) return payload;
    void reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    return gzipAsync(payload);
  });
}
