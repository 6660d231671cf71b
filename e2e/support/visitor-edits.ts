import { expect, type Page } from '@playwright/test';
import { decodeState } from '#hub/store/stored-state';
import type { OutboxEntry, Visitor } from '#shared/domain/types';
import { readStore } from '../idb';
import type { SyncHub } from './sync-hub';
import { submitWalkIn } from './walk-in-form';

/**
 * Walk-in steps and hub read-outs of the sync conflict scenarios (e2e/sync-conflicts.spec.ts).
 * Every edit goes through the kiosk's UI: the host's walk-in form, where a returning visitor's
 * typed contact fields replace the stored ones (a patch of those fields, protocol rule 5).
 */

/** The demo config's host PIN (shared/demo/demo-data.ts). */
const DEMO_PIN = '1234';

async function openWalkIn(page: Page): Promise<void> {
  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill(DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  await page.getByTestId('host-walk-in').click();
  await expect(page.getByTestId('screen-walk-in')).toBeVisible();
}

/** Leaves the spare-card step and host mode: back on the home screen. */
async function finish(page: Page): Promise<void> {
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  await page.getByTestId('bind-done').click();
  await page.getByTestId('host-back').click();
  await expect(page.getByTestId('screen-home')).toBeVisible();
}

/** Registers a new walk-in from the home screen and returns home. */
export async function registerVisitor(
  page: Page,
  v: { first: string; last: string; email: string; company: string },
): Promise<void> {
  await openWalkIn(page);
  await submitWalkIn(page, v);
  await finish(page);
}

/**
 * Checks a returning visitor in again (found by `query`) with updated contact fields, and
 * returns home. Resolves with the outbox entry of the profile edit (its stamp and patch).
 */
export async function editReturningVisitor(
  page: Page,
  query: string,
  fields: { company?: string; email?: string },
): Promise<OutboxEntry> {
  const before = new Set((await readStore<OutboxEntry>(page, 'outbox')).map((e) => e.mutationId));
  await openWalkIn(page);
  await page.getByTestId('walkin-returning-query').fill(query);
  await page.getByTestId('walkin-returning-result').first().click();
  await expect(page.getByTestId('walkin-returning')).toBeVisible();
  await submitWalkIn(page, fields);
  await finish(page);
  const added = (await readStore<OutboxEntry>(page, 'outbox')).filter(
    (e) => !before.has(e.mutationId) && e.table === 'visitors',
  );
  expect(added).toHaveLength(1);
  const [entry] = added;
  if (entry === undefined) throw new Error('no visitor edit queued');
  return entry;
}

/** A profile field as the hub merged it: its value and the stamp that wrote it. */
export interface HubField {
  value: unknown;
  hlc: string;
}

/** The hub's merge state of every record of `table`, by id. */
export function hubRecords(
  hub: SyncHub,
  table: string,
): Map<string, { kind: string; fields?: Record<string, HubField> }> {
  return hub.query(
    (db) =>
      new Map(
        (
          db.prepare('SELECT record_id AS id, state FROM records WHERE tbl = ?').all(table) as {
            id: string;
            state: string;
          }[]
        ).map((r) => [
          r.id,
          // Read as the hub reads it: the stamp its fields share is stored once (decision 0054).
          decodeState(r.state) as { kind: string; fields?: Record<string, HubField> },
        ]),
      ),
  );
}

/** The one visitor a kiosk holds (fails the test when it holds another number). */
export async function onlyVisitor(page: Page): Promise<Visitor> {
  const visitors = await readStore<Visitor>(page, 'visitors');
  expect(visitors).toHaveLength(1);
  const [v] = visitors;
  if (v === undefined) throw new Error('no visitor');
  return v;
}

/** The milliseconds part of a stamp (shared/sync/hlc.ts format). */
export function stampMs(hlc: string): number {
  return Number(hlc.slice(0, 15));
}
