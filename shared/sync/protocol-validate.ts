import type { SyncedTable } from '../domain/types';
import { err, ok, type Result } from '../result';
import { parseHlc } from './hlc';
import {
  ABSURD_CLOCK_AHEAD_MS,
  HLC_FLOOR_MS,
  MAX_CLOCK_AHEAD_MS,
  SYNC_LIMITS,
  type Mutation,
  type SyncOp,
} from './protocol';
import { stateOfMutation, type RecordState } from './protocol-merge';
import { PATCH_SCHEMAS, isPersonTable } from './protocol-records';

/**
 * Rule 8: the stamp the hub records for a mutation. Returns the stamp unchanged when it is at most
 * MAX_CLOCK_AHEAD_MS ahead of `hubNowMs`, else with its time clamped to `hubNowMs` + that margin
 * (counter and node kept, so the kiosk's own order survives). Errors: `hlc-malformed`,
 * `hlc-absurd` (before HLC_FLOOR_MS or more than ABSURD_CLOCK_AHEAD_MS ahead).
 */
export function admitHlc(stamp: string, hubNowMs: number): Result<string> {
  const parsed = parseHlc(stamp);
  if (!parsed.ok) return parsed;
  const { ms, counter, node } = parsed.value;
  if (ms < HLC_FLOOR_MS || ms > hubNowMs + ABSURD_CLOCK_AHEAD_MS) {
    return err({
      code: 'hlc-absurd',
      message: `Clock stamp ${new Date(ms).toISOString()} is not plausible (hub time ${new Date(hubNowMs).toISOString()}).`,
    });
  }
  const limit = Math.floor(hubNowMs) + MAX_CLOCK_AHEAD_MS;
  if (ms <= limit) return ok(stamp);
  return ok(`${String(limit).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`);
}

/** A mutation that passed validateMutation, with the state it describes. */
export interface ValidMutation {
  readonly mutationId: string;
  readonly table: SyncedTable;
  readonly op: SyncOp;
  readonly recordId: string;
  readonly record: Readonly<Record<string, unknown>> | undefined;
  /** The admitted (possibly clamped) stamp. */
  readonly hlc: string;
  readonly state: RecordState;
}

function reject(code: string, message: string): Result<never> {
  return err({ code, message });
}

const encoder = new TextEncoder();

/**
 * UTF-8 bytes of `record`'s JSON when they could exceed SYNC_LIMITS.maxRecordBytes, else its
 * length (a lower bound, well under the limit); Infinity when it cannot be serialised (nested
 * too deep).
 */
function jsonBytes(record: unknown): number {
  try {
    const text = JSON.stringify(record);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a text this short is under the limit
    // whatever its characters, and needs no encoding (a feed import checks 40 000 records).
    if (text.length * 3 <= SYNC_LIMITS.maxRecordBytes) return text.length;
    return encoder.encode(text).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Checks one mutation's content against the rules of its table (rule 9: the caller rejects this
 * mutation alone on error). `writer` is the pushing kiosk's id: its stamp's node must be it
 * (rule 8); the hub's own writes pass none. Never throws. Errors: `hlc-malformed`, `hlc-absurd`,
 * `hlc-node-mismatch`, `record-missing`, `record-unexpected`, `record-too-large`,
 * `record-invalid`, `record-id-mismatch`, `erase-not-person`.
 */
export function validateMutation(
  m: Mutation,
  hubNowMs: number,
  writer?: string,
): Result<ValidMutation> {
  const hlc = admitHlc(m.hlc, hubNowMs);
  if (!hlc.ok) return hlc;
  if (writer !== undefined) {
    const node = parseHlc(hlc.value);
    if (node.ok && node.value.node !== writer) {
      return reject(
        'hlc-node-mismatch',
        `The stamp's node ${node.value.node} is not kiosk ${writer}: a kiosk stamps with its own id.`,
      );
    }
  }
  if (m.op === 'erase' && !isPersonTable(m.table)) {
    return reject('erase-not-person', `Only members and visitors can be erased, not ${m.table}.`);
  }
  if (m.op !== 'put') {
    if (m.record !== undefined) return reject('record-unexpected', `A ${m.op} carries no record.`);
    const state = stateOfMutation(m.table, m.op, undefined, hlc.value);
    return ok({ ...m, record: undefined, hlc: hlc.value, state });
  }
  if (m.record === undefined) return reject('record-missing', 'A put needs a record.');
  const checked = checkPutRecord(m.table, m.recordId, m.record);
  if (!checked.ok) return checked;
  return ok(admitCheckedPut(m, checked.value, hlc.value));
}

/**
 * The record checks of a put (rule 9), apart from its stamp: size, the table's schema, and its
 * id. Returns the record as the schema parsed it. Pure and synchronous, so a worker thread can
 * run it over a feed's records before main writes them (hub/agenda/feed-worker.ts). Errors:
 * `record-too-large`, `record-invalid`, `record-id-mismatch`.
 */
export function checkPutRecord(
  table: SyncedTable,
  recordId: string,
  record: unknown,
): Result<Record<string, unknown>> {
  const bytes = jsonBytes(record);
  if (bytes > SYNC_LIMITS.maxRecordBytes) {
    return reject(
      'record-too-large',
      Number.isFinite(bytes)
        ? `Record of ${bytes} bytes exceeds ${SYNC_LIMITS.maxRecordBytes} bytes.`
        : 'Record cannot be serialised (nested too deep).',
    );
  }
  const parsed = PATCH_SCHEMAS[table].safeParse(record);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
    return reject('record-invalid', `Invalid ${table} record: ${details.join('; ')}`);
  }
  const data = parsed.data as Record<string, unknown>;
  if (data['id'] !== recordId) {
    return reject('record-id-mismatch', 'record.id differs from recordId.');
  }
  return ok(data);
}

/**
 * The valid put of `m` whose record `checked` already passed checkPutRecord, stamped with the
 * admitted `hlc`.
 */
export function admitCheckedPut(
  m: Omit<Mutation, 'record'>,
  checked: Record<string, unknown>,
  hlc: string,
): ValidMutation {
  const state = stateOfMutation(m.table, 'put', checked, hlc);
  return { ...m, op: 'put', record: checked, hlc, state };
}
