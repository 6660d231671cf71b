import { z } from 'zod';
import type { CardRead } from '../domain/types';
import type { KioskConfigState } from '../config/kiosk-config';
import type { Result } from '../result';
import { PrintPdfRequestSchema, type PrintOutcome } from '../print/print-job';
import type { ReaderKind, ReaderState, SyncErrorCode } from './codes';
import {
  SetupEnrolRequestSchema,
  SetupFinishRequestSchema,
  SetupHubRequestSchema,
  SetupLearnRequestSchema,
  SetupTestCardRequestSchema,
  type SetupEnrolled,
  type SetupLearnt,
  type SetupState,
  type SetupTestTap,
} from './setup';
import {
  MutationSchema,
  OriginSchema,
  SYNC_LIMITS,
  type PullResponse,
  type PushResponse,
} from '../sync/protocol';

/**
 * The one IPC contract between main and renderer. Every channel name lives here and nowhere else.
 * - `invoke` entries: renderer → main requests; main validates `request` with the schema and replies
 *   with `Result<Response>` (errors cross as data with a `code`).
 * - `event` entries: main → renderer notifications, named in the past tense.
 * The preload exposes exactly this tree as `window.kiosk` (see createKioskApi); its type is derived
 * from this file, never written by hand.
 */

declare const responseType: unique symbol;

export interface InvokeDef<Req extends z.ZodType, Res> {
  readonly kind: 'invoke';
  readonly channel: string;
  readonly request: Req;
  readonly [responseType]?: Res;
}

export interface EventDef<Payload> {
  readonly kind: 'event';
  readonly channel: string;
  readonly [responseType]?: Payload;
}

function invoke<Res>() {
  return <Req extends z.ZodType>(channel: string, request: Req): InvokeDef<Req, Res> => ({
    kind: 'invoke',
    channel,
    request,
  });
}

function event<Payload>(channel: string): EventDef<Payload> {
  return { kind: 'event', channel };
}

export interface AppInfo {
  version: string;
  isPackaged: boolean;
  platform: string;
  /** True when the renderer runs in a plain browser (development, demos), not in the kiosk shell. */
  isBrowser: boolean;
}

export interface PinCheck {
  isValid: boolean;
  /** Set while host mode is locked after repeated wrong PINs (epoch ms). */
  lockedUntil?: number;
}

/** The name the keyboard-wedge reader reports under, in main and in the browser alike. */
export const WEDGE_READER_NAME = 'keyboard-wedge';

export type { ReaderKind, ReaderState };
export interface ReaderStatus {
  /** The configured name or device path; for the wedge, WEDGE_READER_NAME (an id, never shown). */
  name: string;
  kind: ReaderKind;
  state: ReaderState;
  detail?: string;
  reads: number;
  rejected: number;
}

/** What main knows of the hub link; the renderer shows it and decides whether to sync. */
export interface SyncHubState {
  /** A hub URL is in the kiosk config. */
  isConfigured: boolean;
  /** Main holds a credential for that hub (enrolment done). */
  isEnrolled: boolean;
  hubUrl: string | null;
}

/** Why main asks the renderer to sync. */
export type SyncReason = 'nightly' | 'reconnect' | 'manual';
export interface SyncRequested {
  reason: SyncReason;
}

/**
 * Error codes of sync.push / sync.pull after which a retry may succeed (the hub or the network is
 * down or slow; nothing was acknowledged). Every other code needs a person (re-enrol, update).
 * Others: hub-not-configured, enrolment-needed, hub-unauthorized (401/403), hub-too-large (413),
 * kiosk-too-old (426), hub-epoch-changed (409 `epoch-mismatch` to a push: the sync engine pulls,
 * which resets its cursor, and pushes again), hub-refused (other 4xx), hub-bad-reply (not the
 * protocol).
 */
export const SYNC_TRANSIENT_ERRORS: readonly string[] = [
  'hub-network',
  'hub-timeout',
  'hub-unavailable',
] satisfies SyncErrorCode[];

/** A push as the renderer asks for it; main adds type, protocol version and kiosk id. */
export const SyncPushRequestSchema = z.strictObject({
  batch: z.array(MutationSchema).min(1).max(SYNC_LIMITS.maxBatch),
  hubEpoch: z.string().min(1).max(64).optional(),
  origin: OriginSchema.optional(),
});

/** A pull as the renderer asks for it. */
export const SyncPullRequestSchema = z.strictObject({
  cursor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(SYNC_LIMITS.maxPullLimit),
  hubEpoch: z.string().min(1).max(64).optional(),
  origin: OriginSchema.optional(),
});

/**
 * What the renderer tells main after each sync run (and once at start) for the kiosk's heartbeat
 * (shared/sync/heartbeat.ts): the outbox's size and oldest entry, the last good sync, the last
 * sync error's code. Counts, instants and a code only: never a record.
 */
export const SyncStatusReportSchema = z.strictObject({
  outboxSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  outboxOldestAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  lastSyncOkAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  lastErrorCode: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .nullable(),
});
export type SyncStatusReport = z.infer<typeof SyncStatusReportSchema>;

export const PinRequestSchema = z.strictObject({ pin: z.string().regex(/^\d{4,12}$/) });

export const contract = {
  app: {
    getInfo: invoke<AppInfo>()('app:get-info', z.undefined()),
  },
  config: {
    getKiosk: invoke<KioskConfigState>()('config:get-kiosk', z.undefined()),
  },
  host: {
    verifyPin: invoke<PinCheck>()('host:verify-pin', PinRequestSchema),
    /**
     * The host's "Leave kiosk mode": main checks the PIN again (with the same lockout) and, when
     * it is right, answers and then quits normally, the one way the window lets itself close.
     */
    leaveKiosk: invoke<PinCheck>()('host:leave-kiosk', PinRequestSchema),
  },
  print: {
    /** Prints a PDF the renderer built silently on the printer configured for its kind. */
    printPdf: invoke<PrintOutcome>()('print:print-pdf', PrintPdfRequestSchema),
  },
  reader: {
    getStatus: invoke<ReaderStatus[]>()('reader:get-status', z.undefined()),
    onCardRead: event<CardRead>('reader:card-read'),
    onStatusChanged: event<ReaderStatus[]>('reader:status-changed'),
  },
  sync: {
    getState: invoke<SyncHubState>()('sync:get-state', z.undefined()),
    push: invoke<PushResponse>()('sync:push-batch', SyncPushRequestSchema),
    pull: invoke<PullResponse>()('sync:pull-page', SyncPullRequestSchema),
    /** The host's "Sync now": main answers at once and emits onRequested ('manual'). */
    requestNow: invoke<null>()('sync:request-now', z.undefined()),
    /** After each sync run: the figures main's heartbeat carries; main sends one at once. */
    report: invoke<null>()('sync:report-status', SyncStatusReportSchema),
    onRequested: event<SyncRequested>('sync:requested'),
  },
  /** The first-run setup (shared/ipc/setup.ts; docs/decisions/0042), step by step. */
  setup: {
    getState: invoke<SetupState>()('setup:get-state', z.undefined()),
    /** The host's "Run setup again": main checks the PIN again, then setup shows until cancel. */
    runAgain: invoke<PinCheck>()('setup:run-again', PinRequestSchema),
    /** Leaves a setup the host started again; a first run stays. */
    cancel: invoke<SetupState>()('setup:cancel', z.undefined()),
    checkHub: invoke<{ hubUrl: string }>()('setup:check-hub', SetupHubRequestSchema),
    enrol: invoke<SetupEnrolled>()('setup:enrol', SetupEnrolRequestSchema),
    /** Waits for a tap on any serial port or HID reader; learns which and its format. */
    learnReader: invoke<SetupLearnt>()('setup:learn-reader', SetupLearnRequestSchema),
    /** Writes kiosk.json and the credential, then main restarts on them. */
    finish: invoke<{ configPath: string }>()('setup:finish', SetupFinishRequestSchema),
    /** The test tap (decision 0043): waits for a card on the learnt serial reader, looks it up. */
    testTap: invoke<SetupTestTap>()('setup:test-tap', SetupLearnRequestSchema),
    /** The test tap of a card the page heard on the wedge: looked up in main. */
    testCard: invoke<SetupTestTap>()('setup:test-card', SetupTestCardRequestSchema),
  },
} as const;

export type Contract = typeof contract;

type ApiOf<T> = {
  readonly [K in keyof T]: T[K] extends InvokeDef<infer Req, infer Res>
    ? undefined extends z.input<Req>
      ? () => Promise<Result<Res>>
      : (request: z.input<Req>) => Promise<Result<Res>>
    : T[K] extends EventDef<infer P>
      ? (listener: (payload: P) => void) => () => void
      : never;
};

/** The renderer's `window.kiosk`: derived from the contract. */
export type KioskApi = { readonly [D in keyof Contract]: ApiOf<Contract[D]> };

/** Request type of one invoke definition, for main's handlers. */
export type RequestOf<D> = D extends InvokeDef<infer Req, unknown> ? z.output<Req> : never;
/** Response type of one invoke definition, for main's handlers. */
export type ResponseOf<D> = D extends InvokeDef<z.ZodType, infer Res> ? Res : never;
/** Payload type of one event definition. */
export type PayloadOf<D> = D extends EventDef<infer P> ? P : never;
