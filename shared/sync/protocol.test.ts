import { describe, expect, it } from 'vitest';
import {
  ABSURD_CLOCK_AHEAD_MS,
  HUB_NODE_ID,
  KioskIdSchema,
  MAX_CLOCK_AHEAD_MS,
  PROTOCOL_VERSION,
  SyncMessageSchema,
  checkProtocolVersion,
} from './protocol';
import { admitHlc, validateMutation } from './protocol-validate';

const NOW = Date.UTC(2025, 2, 10, 9, 0, 0);
const DAY = 24 * 3600_000;

function stamp(ms: number, counter = 0, node = 'kiosk-a'): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

describe('admitHlc (rule 8)', () => {
  it('keeps stamps within the margin unchanged', () => {
    expect(admitHlc(stamp(NOW + MAX_CLOCK_AHEAD_MS), NOW)).toEqual({
      ok: true,
      value: stamp(NOW + MAX_CLOCK_AHEAD_MS),
    });
    expect(admitHlc(stamp(NOW - DAY), NOW)).toEqual({ ok: true, value: stamp(NOW - DAY) });
  });

  it('clamps a clock two days ahead to hub time plus the margin, keeping counter and node', () => {
    expect(admitHlc(stamp(NOW + 2 * DAY, 7, 'kiosk-b'), NOW)).toEqual({
      ok: true,
      value: stamp(NOW + MAX_CLOCK_AHEAD_MS, 7, 'kiosk-b'),
    });
  });

  it('rejects absurd and malformed stamps', () => {
    expect(admitHlc(stamp(NOW + ABSURD_CLOCK_AHEAD_MS + 1), NOW)).toMatchObject({
      ok: false,
      error: { code: 'hlc-absurd' },
    });
    expect(admitHlc(stamp(1000), NOW)).toMatchObject({ ok: false, error: { code: 'hlc-absurd' } });
    expect(admitHlc('yesterday', NOW)).toMatchObject({
      ok: false,
      error: { code: 'hlc-malformed' },
    });
  });
});

describe('checkProtocolVersion', () => {
  it('accepts the current version', () => {
    expect(checkProtocolVersion({ protocolVersion: PROTOCOL_VERSION })).toEqual({
      ok: true,
      value: PROTOCOL_VERSION,
    });
  });
  it('says a kiosk is too old, a hub too old, or that the version is missing', () => {
    expect(checkProtocolVersion({ protocolVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'kiosk-too-old' },
    });
    expect(checkProtocolVersion({ protocolVersion: PROTOCOL_VERSION + 1 })).toMatchObject({
      ok: false,
      error: { code: 'protocol-unsupported' },
    });
    expect(checkProtocolVersion('x')).toMatchObject({
      ok: false,
      error: { code: 'protocol-unsupported' },
    });
  });
});

describe('validateMutation (rule 9)', () => {
  const base = { mutationId: 'mut-00000001', recordId: 'v1', hlc: stamp(NOW) };
  const visit = {
    id: 'v1',
    spaceId: 's1',
    personKind: 'member',
    personId: 'm1',
    method: 'wedge',
    checkInAt: NOW,
    kioskId: 'kiosk-a',
  };

  it('accepts a visit check-in and a lone check-out', () => {
    expect(validateMutation({ ...base, table: 'visits', op: 'put', record: visit }, NOW).ok).toBe(
      true,
    );
    expect(
      validateMutation(
        {
          ...base,
          table: 'visits',
          op: 'put',
          record: { id: 'v1', spaceId: 's1', checkOutAt: NOW },
        },
        NOW,
      ).ok,
    ).toBe(true);
  });

  it.each([
    ['record-missing', { table: 'visits', op: 'put' }],
    ['record-unexpected', { table: 'visits', op: 'delete', record: visit }],
    ['record-invalid', { table: 'visits', op: 'put', record: { ...visit, checkInAt: 'noon' } }],
    [
      'record-invalid',
      { table: 'visits', op: 'put', record: { id: 'v1', spaceId: 's1', personId: 'm1' } },
    ],
    ['record-invalid', { table: 'members', op: 'put', record: { id: 'v1', homeSpaceId: null } }],
    ['record-id-mismatch', { table: 'visits', op: 'put', record: { ...visit, id: 'v2' } }],
    [
      'record-too-large',
      { table: 'members', op: 'put', record: { id: 'v1', displayName: 'x'.repeat(20_000) } },
    ],
    ['erase-not-person', { table: 'visits', op: 'erase' }],
    ['hlc-malformed', { table: 'visits', op: 'delete', hlc: 'nope' }],
  ] as const)('rejects with %s', (code, m) => {
    expect(validateMutation({ ...base, ...m }, NOW)).toMatchObject({ ok: false, error: { code } });
  });

  it("binds a kiosk's stamp to its own node id (rule 8); the hub's writes name no writer", () => {
    const put = { ...base, table: 'visits', op: 'put', record: visit } as const;
    expect(validateMutation(put, NOW, 'kiosk-a').ok).toBe(true);
    expect(validateMutation(put, NOW, 'kiosk-b')).toMatchObject({
      ok: false,
      error: { code: 'hlc-node-mismatch', message: expect.stringContaining('kiosk-b') as string },
    });
    expect(validateMutation(put, NOW).ok).toBe(true);
  });

  it('rejects a record nested too deep to serialise instead of throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(
      validateMutation({ ...base, table: 'visits', op: 'put', record: deep }, NOW),
    ).toMatchObject({ ok: false, error: { code: 'record-too-large' } });
  });
});

describe('kiosk ids', () => {
  it("reserve the hub's own node id", () => {
    expect(KioskIdSchema.safeParse('kiosk-a').success).toBe(true);
    expect(KioskIdSchema.safeParse(HUB_NODE_ID).success).toBe(false);
  });
});

describe('messages', () => {
  it('parse as a discriminated union', () => {
    const msg = SyncMessageSchema.parse({
      type: 'pull',
      protocolVersion: 1,
      cursor: 0,
      limit: 100,
    });
    expect(msg.type).toBe('pull');
    expect(
      SyncMessageSchema.safeParse({ type: 'pull', protocolVersion: 1, cursor: -1, limit: 100 })
        .success,
    ).toBe(false);
    expect(
      SyncMessageSchema.safeParse({
        type: 'push',
        protocolVersion: 1,
        kioskId: 'k1',
        batch: [],
        extra: 1,
      }).success,
    ).toBe(false);
  });
});
