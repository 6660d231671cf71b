import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

const gzipAsync = promisify(gzip);

/** Responses smaller than this are sent as is: gzip would not pay for its header. */
const MIN_GZIP_BYTES = 1024;

/**
 * Adds gzip to `app`: request bodies with `Content-Encoding: gzip` are inflated before parsing
 * (the body limit applies to the inflated size, so a zip bomb gets 413), and responses are gzipped
 * when the client accepts it. Another content encoding gets 415.
 */
export function registerGzip(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'identity') {
      done(null, payload);
      return;
    }
    if (encoding !== 'gzip') {
      done(
        new HttpError(
          415,
          'encoding-unsupported',
          `Content-Encoding ${encoding} is not supported; use gzip.`,
        ),
      );
      return;
    }
    // Fastify checks the length it was told against the bytes that came over the wire.
    const inflated = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => {
      inflated.receivedEncodedLength += chunk.length;
    });
    payload.pipe(inflated);
    done(null, inflated);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const accepts = request.headers['accept-encoding'] ?? '';
    if (!/\bgzip\b/i.test(accepts) || Buffer.byteLength(payload) < MIN_GZIP_BYTES) return payload;
    void reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    return gzipAsync(payload);
  });
}
