import { z } from 'zod';
import type { ConsoleApi } from './client';

/**
 * A kiosk's logs on request (hub/kiosk-logs/console-routes.ts, decision 0041): ask for them,
 * list what arrived, a download link for each. Answers are parsed; another shape rejects as a
 * `bad-answer` ApiError, a refusal (403 another space's kiosk) as the hub's ApiError.
 */

export const LogUploadSchema = z.object({
  uploadId: z.string(),
  kioskId: z.string(),
  receivedAt: z.number(),
  textBytes: z.number(),
  fileNames: z.array(z.string()),
});
export type LogUpload = z.infer<typeof LogUploadSchema>;

const KioskLogsSchema = z.object({
  pending: z.object({ requestedAt: z.number() }).nullable(),
  uploads: z.array(LogUploadSchema),
});
export type KioskLogs = z.infer<typeof KioskLogsSchema>;
const AskedSchema = z.object({ requestedAt: z.number() });

const logsPath = (id: string) => `/kiosks/${encodeURIComponent(id)}/logs`;

/** Kiosk `id`'s pending request (or null) and its uploads kept, newest first. */
export async function kioskLogs(api: ConsoleApi, id: string): Promise<KioskLogs> {
  return api.request('GET', logsPath(id), KioskLogsSchema);
}

/** Asks kiosk `id` for its logs at its next heartbeat; resolves with the request's instant. */
export async function askForLogs(api: ConsoleApi, id: string): Promise<number> {
  return (await api.request('POST', logsPath(id), AskedSchema, {})).requestedAt;
}

/** The download link of one upload (a text file). */
export function logHref(api: ConsoleApi, upload: LogUpload): string {
  return api.href(`${logsPath(upload.kioskId)}/${encodeURIComponent(upload.uploadId)}`);
}
