/**
 * The one error shape that crosses process boundaries: IPC replies, config loading, parsers.
 * Errors are data with a stable `code` (for tests and logs) and a human `message` (for installers).
 */
export interface KioskError {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly string[];
}

export type Result<T, E = KioskError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E = KioskError>(error: E): Result<never, E> {
  return { ok: false, error };
}
