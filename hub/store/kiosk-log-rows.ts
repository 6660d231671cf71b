/**
 * Kiosks' logs on request, the hub store's part (decision 0041): pending requests and the uploads
 * kept. Every method is one transaction or one statement and rejects on database errors, having
 * changed nothing.
 */

/** An operator's pending request for a kiosk's logs. */
export interface LogRequestRow {
  readonly kioskId: string;
  readonly requestedAt: number;
  /** The operator id, or `cli`. */
  readonly requestedBy: string;
}

/** What the console lists of an upload. */
export interface LogUploadMeta {
  readonly uploadId: string;
  readonly kioskId: string;
  readonly receivedAt: number;
  /** UTF-8 bytes of the text (before gzip). */
  readonly textBytes: number;
  /** The files it holds, oldest first. */
  readonly fileNames: readonly string[];
}

/** An upload with its content: the files' text joined, gzipped. */
export interface LogUploadRow extends LogUploadMeta {
  readonly content: Uint8Array;
}

export interface KioskLogStore {
  /** Records (or renews) a request for `kioskId`'s logs. */
  request(row: LogRequestRow): Promise<void>;
  /** `kioskId`'s pending request, if any. */
  pending(kioskId: string): Promise<LogRequestRow | undefined>;
  /**
   * Stores `row`, clears its kiosk's pending request and keeps only that kiosk's `keep` newest
   * uploads, in one transaction.
   */
  store(row: LogUploadRow, keep: number): Promise<void>;
  /** `kioskId`'s uploads, newest first, without their content. */
  list(kioskId: string): Promise<LogUploadMeta[]>;
  /** One upload of `kioskId` with its content; undefined when it has no such upload. */
  read(kioskId: string, uploadId: string): Promise<LogUploadRow | undefined>;
}
