import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { HubLog } from '../log';
import { errorBody } from './errors';

/** What the hub answers to a connection whose bytes are not an HTTP request Node can read. */
function refusalOf(code: unknown): { status: number; code: string; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'timeout', message: 'The request took too long to arrive.' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'headers-too-large',
      message: 'The request headers are too large.',
    };
  }
  return { status: 400, code: 'malformed', message: 'The request is not valid HTTP.' };
}

/**
 * Fastify's `clientErrorHandler` for the hub: what Node's HTTP parser refuses (a body after
 * `Connection: close`, bad framing, headers too large, a timeout) is answered with the protocol's
 * ErrorResponse, as every other refusal, instead of Fastify's own body, and logged; then the
 * connection is closed. A reset connection gets nothing. Never throws.
 */
export function clientErrorHandler(log: HubLog): (error: Error, socket: Socket) => void {
  return (error, socket) => {
    const errorCode = (error as NodeJS.ErrnoException).code;
    if (errorCode === 'ECONNRESET' || socket.destroyed) return;
    const refusal = refusalOf(errorCode);
    log.warn('request refused', { status: refusal.status, code: refusal.code, errorCode });
    if (socket.writable) {
      const body = JSON.stringify(errorBody(refusal.code, refusal.message));
      socket.write(
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
