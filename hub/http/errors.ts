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
