import { v7 } from 'uuid';

/**
 * The id of a record a kiosk makes (a visit, a visitor): a UUID version 7 (RFC 9562), whose
 * leading bits are its creation time in milliseconds. Why not a random (version 4) UUID: the
 * hub keeps records in B-trees keyed by id (SQLite WITHOUT ROWID, PostgreSQL's primary key), and
 * random keys land all over the tree, so every push rewrites pages everywhere; time-ordered keys
 * land at its right edge, page after page (measured with bench:hub-ingest and bench:sync; decision
 * 0007). The time it reveals is the record's own check-in or consent time, which the record
 * carries anyway. Unique across kiosks as v4 is (74 random bits per millisecond).
 */
export function newRecordId(): string {
  return v7();
}
