import { PROTOCOL_VERSION, type ErrorResponse } from '#shared/sync/protocol';

/** An error the HTTP layer answers with its status and an ErrorResponse body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
  }
}

/** The body of every error reply. */
export function errorBody(
  code: string,
  message: string,
  details?: readonly string[],
): ErrorResponse {
  return {
    type: 'error',
    protocolVersion: PROTOCOL_VERSION,
    code,
    message,
    ...(details && details.length > 0 ? { details: [...details] } : {}),
  };
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

/**
 * What the hub answers for `error`, whatever was thrown (an HttpError, one of Fastify's body
 * errors, a database error, a RangeError, not even an Error). Total: never throws. Fastify's 4xx
 * body errors keep their status with a protocol code and a message of our own (theirs may quote
 * the body); everything else is 500 `internal`, whose cause goes to the log, never to the client.
 */
export function toHttpError(error: unknown, maxBodyBytes: number): HttpError {
  if (error instanceof HttpError) return error;
  const code = field(error, 'code');
  const status = field(error, 'statusCode');
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(
        413,
        'too-large',
        `Request body exceeds ${maxBodyBytes} bytes (after gzip decoding).`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(
        415,
        'unsupported-media-type',
        'Send the body as application/json (gzip allowed as its Content-Encoding).',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'malformed', 'The body is empty; send a JSON message.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'malformed', 'The body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'malformed', 'The body length differs from Content-Length.');
    default:
      break;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'malformed', 'The request cannot be read.');
  }
  return new HttpError(500, 'internal', 'The hub failed; nothing was acknowledged. Retry later.');
}

/** A thrown value as log fields: its name, code and message, never a request's content. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error).slice(0, 200) };
  const code = field(error, 'code');
  return {
    error: error.message.slice(0, 500),
    errorName: error.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    ...(error.stack ? { stack: error.stack.split('\n').slice(0, 8).join('\n') } : {}),
  };
}
