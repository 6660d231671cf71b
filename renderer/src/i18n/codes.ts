import {
  KioskErrorCodeSchema,
  type KioskErrorCode,
  type ReaderKind,
  type ReaderState,
} from '#shared/ipc/codes';

/**
 * The one map from the codes of the IPC contract (shared/ipc/codes.ts) to catalogue keys, so no
 * code ever reaches the screen as such: each error code has a sentence under `errors.`, each
 * reader kind and state one under `readers.`. A code this kiosk does not know (a newer main, a
 * stored status from another version) gets the generic `errors.unknown`; nothing here throws.
 * codes.test.ts walks the contract's enums and fails on any code without a sentence in fr, nl, en.
 */

const KNOWN_ERRORS: ReadonlySet<string> = new Set(KioskErrorCodeSchema.options);

function isKnownError(code: string): code is KioskErrorCode {
  return KNOWN_ERRORS.has(code);
}

/** The catalogue key of the sentence for an error code; `errors.unknown` for any other string. */
export function errorKey(code: string): `errors.${KioskErrorCode | 'unknown'}` {
  return isKnownError(code) ? `errors.${code}` : 'errors.unknown';
}

/** The catalogue key of a reader kind's words. */
export function readerKindKey(kind: ReaderKind): `readers.kind.${ReaderKind}` {
  return `readers.kind.${kind}`;
}

/** The catalogue key of a reader state's words. */
export function readerStateKey(state: ReaderState): `readers.state.${ReaderState}` {
  return `readers.state.${state}`;
}
