import { z } from 'zod';

/**
 * Every code the kiosk's page can receive or record and may have to put into words: the errors of
 * the IPC contract's replies (by domain), the codes of the sync engine's own status, and the
 * readers' kinds and states. The renderer maps each to a sentence (renderer/src/i18n/codes.ts),
 * and a test walks these enums, so a code added here without a sentence in fr, nl and en fails.
 * Producers mark their literals with `satisfies` one of these types, so a code cannot be sent
 * without being listed here. A code is never shown as such (issue 10).
 */

/** Answered by main's registrar for any invoke: untrusted sender, bad request, handler threw. */
export const IpcErrorCodeSchema = z.enum([
  'ipc-untrusted-sender',
  'ipc-invalid-request',
  'ipc-handler-failed',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCodeSchema>;

/** Why the kiosk config cannot be used (config.getKiosk's `invalid` state). */
export const ConfigErrorCodeSchema = z.enum([
  'config-missing',
  'config-unreadable',
  'config-not-json',
  'config-invalid',
]);
export type ConfigErrorCode = z.infer<typeof ConfigErrorCodeSchema>;

/** host.verifyPin's and host.leaveKiosk's errors. */
export const HostErrorCodeSchema = z.enum([
  'host-pin-unavailable',
  /** host.leaveKiosk where there is no kiosk mode to leave (the page in a plain browser). */
  'host-not-a-kiosk',
]);
export type HostErrorCode = z.infer<typeof HostErrorCodeSchema>;

/** print.printPdf's errors. */
export const PrintErrorCodeSchema = z.enum(['print-failed']);
export type PrintErrorCode = z.infer<typeof PrintErrorCodeSchema>;

/**
 * sync.push / sync.pull / sync.requestNow errors from main's hub client (SYNC_TRANSIENT_ERRORS
 * in contract.ts names the ones a retry may cure).
 */
export const SyncErrorCodeSchema = z.enum([
  'hub-not-configured',
  'enrolment-needed',
  /** The credential file is there but cannot be read or decrypted (decision 0043). */
  'credential-unreadable',
  'credential-store-failed',
  'hub-network',
  'hub-timeout',
  'hub-unavailable',
  'hub-unauthorized',
  'hub-too-large',
  'hub-epoch-changed',
  'kiosk-too-old',
  'hub-refused',
  'hub-bad-reply',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCodeSchema>;

/** Codes the renderer's sync engine records in its status itself (its store, a stalled push). */
export const SyncLocalErrorCodeSchema = z.enum(['sync-store-failed', 'push-stalled']);
export type SyncLocalErrorCode = z.infer<typeof SyncLocalErrorCodeSchema>;

/** The page's own start failure (an exception while starting), shown on the config-error screen. */
export const StartErrorCodeSchema = z.enum(['start-failed']);
export type StartErrorCode = z.infer<typeof StartErrorCodeSchema>;

/** Every error code above: what the renderer's code-to-sentence map must cover. */
export const KioskErrorCodeSchema = z.enum([
  ...IpcErrorCodeSchema.options,
  ...ConfigErrorCodeSchema.options,
  ...HostErrorCodeSchema.options,
  ...PrintErrorCodeSchema.options,
  ...SyncErrorCodeSchema.options,
  ...SyncLocalErrorCodeSchema.options,
  ...StartErrorCodeSchema.options,
]);
export type KioskErrorCode = z.infer<typeof KioskErrorCodeSchema>;

/** A reader's kind, as main reports it. */
export const ReaderKindSchema = z.enum(['serial', 'hid', 'wedge']);
export type ReaderKind = z.infer<typeof ReaderKindSchema>;

/**
 * A reader's state. `listening` is a reader that is switched on but whose presence cannot be
 * known: a keyboard wedge types like any keyboard, so only its last read says it works.
 */
export const ReaderStateSchema = z.enum([
  'connected',
  'disconnected',
  'error',
  'owned-by-os',
  'disabled',
  'listening',
]);
export type ReaderState = z.infer<typeof ReaderStateSchema>;
