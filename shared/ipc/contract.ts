import { z } from 'zod';
import type { CardRead } from '../domain/types';
import type { KioskConfigState } from '../config/kiosk-config';
import type { Result } from '../result';

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

export type ReaderState = 'connected' | 'disconnected' | 'error' | 'owned-by-os' | 'disabled';
export interface ReaderStatus {
  name: string;
  kind: 'serial' | 'hid' | 'wedge';
  state: ReaderState;
  detail?: string;
  reads: number;
  rejected: number;
}

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
  },
  reader: {
    getStatus: invoke<ReaderStatus[]>()('reader:get-status', z.undefined()),
    onCardRead: event<CardRead>('reader:card-read'),
    onStatusChanged: event<ReaderStatus[]>('reader:status-changed'),
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
