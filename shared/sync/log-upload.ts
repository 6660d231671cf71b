import { z } from 'zod';
import { KioskIdSchema, PROTOCOL_VERSION } from './protocol';

/**
 * A kiosk's log upload (`POST /v1/logs`, decision 0041): an additive message of protocol version 1.
 * An operator asks for a kiosk's logs (console or `kiosk logs ID`); the hub's next heartbeat reply
 * carries `sendLogs: true`; the kiosk then sends its log files, oldest first and the current one
 * last, within LOG_UPLOAD_LIMITS; the hub stores them, keeps the newest few per kiosk and clears
 * the request. Logs hold no personal data (the kiosk's logger masks what slips through).
 */

export const LOG_UPLOAD_LIMITS = {
  /** UTF-8 bytes of all files' text together: the newest part of the logs is sent within it. */
  maxBytes: 2 * 1024 * 1024,
  /** Files in one upload: main.log and its rotated ones. */
  maxFiles: 8,
  /** Uploads the hub keeps per kiosk, newest first. */
  keepPerKiosk: 5,
} as const;

/** A log file's name: letters, digits, dots, dashes, underscores (no path). */
export const LogFileNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a file name without a path');

export const LogFileSchema = z.strictObject({
  name: LogFileNameSchema,
  /** Bounded by the route's body limit; the files' total is checked against maxBytes (413). */
  text: z.string(),
});
export type LogFile = z.infer<typeof LogFileSchema>;

export const LogUploadRequestSchema = z.strictObject({
  type: z.literal('logs'),
  protocolVersion: z.number().int().min(0).max(1000),
  kioskId: KioskIdSchema,
  files: z.array(LogFileSchema).min(1).max(LOG_UPLOAD_LIMITS.maxFiles),
});
export type LogUploadRequest = z.infer<typeof LogUploadRequestSchema>;

export const LogUploadResponseSchema = z.strictObject({
  type: z.literal('logs-stored'),
  protocolVersion: z.number().int().min(0).max(1000),
  uploadId: z.string().min(1).max(64),
  receivedAt: z.number().int(),
});
export type LogUploadResponse = z.infer<typeof LogUploadResponseSchema>;

/** UTF-8 bytes of the files' text together (what LOG_UPLOAD_LIMITS.maxBytes bounds). */
export function logUploadBytes(files: readonly LogFile[]): number {
  const encoder = new TextEncoder();
  return files.reduce((sum, f) => sum + encoder.encode(f.text).length, 0);
}

/** The request a kiosk sends for `files`. */
export function logUploadRequest(kioskId: string, files: LogFile[]): LogUploadRequest {
  return { type: 'logs', protocolVersion: PROTOCOL_VERSION, kioskId, files };
}
