import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { KioskDb } from '../lib/db/kiosk-db';
import { createVisitorDataDeps } from '../lib/gdpr/visitor-data-deps';
import { aWalkIn, gdprSetUp } from '../lib/gdpr/testing';
import type { VisitorExport } from '../lib/gdpr/visitor-record';
import { VisitorDataState } from './visitor-data-state.svelte';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp(save?: (name: string, text: string) => void) {
  const s = await gdprSetUp('visitor-data', T0);
  opened.push(s.db);
  const r = await s.desk.register({ walkIn: aWalkIn(), submissionId: 'sub-1' });
  if (!r.ok) throw new Error(r.error.message);
  const saved: { name: string; text: string }[] = [];
  let syncRequests = 0;
  const state = new VisitorDataState(
    createVisitorDataDeps({
      db: s.db,
      config: DEMO_KIOSK_CONFIG,
      clock: () => s.time.now,
      hlc: s.hlc,
      save: save ?? ((name, text) => saved.push({ name, text })),
      requestSync: () => {
        syncRequests += 1;
        return Promise.resolve();
      },
    }),
  );
  return { ...s, state, saved, visitor: r.value.visitor, syncs: () => syncRequests };
}

describe('VisitorDataState', () => {
  it('searches from the on-screen keyboard; "No match" only for a query that found nobody', async () => {
    const { state, visitor } = await setUp();
    for (const ch of 'zzq') await state.press({ text: ch });
    expect(state.query).toBe('zzq');
    expect(state.noMatch).toBe(true);
    for (let i = 0; i < 3; i++) await state.press('backspace');
    for (const ch of 'gris') await state.press({ text: ch });
    expect(state.matches.map((m) => m.maskedName)).toEqual(['Griselda V…']);
    expect(state.noMatch).toBe(false);
    state.choose(visitor.id);
    expect(state.noMatch).toBe(false);
  });

  it('finds a visitor from three letters, masked, and exports their data as JSON', async () => {
    const { state, saved, visitor } = await setUp();
    await state.search('gr');
    expect(state.matches).toEqual([]);
    await state.search('gris');
    expect(state.matches.map((m) => m.maskedName)).toEqual(['Griselda V…']);
    state.choose(visitor.id);
    expect(state.step).toBe('chosen');
    await state.exportChosen();
    expect(state.notice).toBe('exported');
    expect(saved.map((s) => s.name)).toEqual([expect.stringMatching(/^visitor-.*\.json$/)]);
    const file = JSON.parse(saved[0]?.text ?? '') as VisitorExport;
    expect(file).toMatchObject({
      version: 1,
      visitor: { id: visitor.id, lastName: 'Vanderkerckhove' },
    });
    expect(file.visits).toHaveLength(1);
  });

  it('erases only after the confirmation, then asks for a sync', async () => {
    const { db, state, visitor, syncs } = await setUp();
    await state.search('griselda');
    state.choose(visitor.id);
    state.askErase();
    expect(state.step).toBe('confirm-erase');
    state.cancelErase();
    expect(state.step).toBe('chosen');
    expect(await db.visitors.get(visitor.id)).toBeDefined();
    await state.confirmErase();
    expect(await db.visitors.get(visitor.id)).toBeDefined();
    state.askErase();
    await state.confirmErase();
    expect(state.step).toBe('erased');
    expect(await db.visitors.get(visitor.id)).toBeUndefined();
    expect(syncs()).toBe(1);
    expect(state.chosen).toBeNull();
    expect(state.query).toBe('');
  });

  it('says so when the visitor vanished meanwhile (purged, erased elsewhere)', async () => {
    const { db, state, visitor } = await setUp();
    await state.search('griselda');
    state.choose(visitor.id);
    await db.visitors.delete(visitor.id);
    await state.exportChosen();
    expect(state).toMatchObject({ notice: 'gone', chosen: null, step: 'search', matches: [] });
  });

  it('reports a failed save without losing the choice', async () => {
    const { state, visitor } = await setUp(() => {
      throw new Error('disk full');
    });
    await state.search('griselda');
    state.choose(visitor.id);
    await state.exportChosen();
    expect(state).toMatchObject({ notice: 'export-failed', step: 'chosen', isBusy: false });
  });

  it('ignores a choice that is not among the matches', async () => {
    const { state } = await setUp();
    await state.search('griselda');
    state.choose('someone-else');
    expect(state.step).toBe('search');
  });
});
