import type { BrowserCommand } from 'vitest/node';
import type { Mutation } from '#shared/sync/protocol';
import type {
  HubLabCall,
  HubLabCompaction,
  HubLabReply,
  HubLabStart,
  HubLabState,
  HubLabStoreKind,
} from '#renderer/lib/sync/testing/hub-lab-types';
import {
  hubLabAdmin,
  hubLabCall,
  hubLabCompact,
  hubLabReplaceHub,
  hubLabStart,
  hubLabState,
  hubLabStop,
  hubLabStores,
} from './hub-lab';

const stores: BrowserCommand<[], Promise<HubLabStoreKind[]>> = () =>
  Promise.resolve(hubLabStores());
const start: BrowserCommand<[HubLabStart], Promise<number>> = (_ctx, input) => hubLabStart(input);
const call: BrowserCommand<[HubLabCall], Promise<HubLabReply>> = (_ctx, c) => hubLabCall(c);
const admin: BrowserCommand<[number, Mutation[]], Promise<void>> = (_ctx, labId, batch) =>
  hubLabAdmin(labId, batch);
const state: BrowserCommand<[number], Promise<HubLabState>> = (_ctx, labId) => hubLabState(labId);
const compact: BrowserCommand<[number], Promise<HubLabCompaction>> = (_ctx, labId) =>
  hubLabCompact(labId);
const stop: BrowserCommand<[number], Promise<void>> = (_ctx, labId) => hubLabStop(labId);
const replaceHub: BrowserCommand<[number], Promise<void>> = (_ctx, labId) =>
  hubLabReplaceHub(labId);

/** The hub lab as Vitest browser commands; vitest.config.ts registers them for the browser project. */
export const hubLabCommands = {
  hubLabStores: stores,
  hubLabStart: start,
  hubLabCall: call,
  hubLabAdmin: admin,
  hubLabState: state,
  hubLabCompact: compact,
  hubLabStop: stop,
  hubLabReplaceHub: replaceHub,
};
