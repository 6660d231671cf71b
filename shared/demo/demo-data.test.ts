import { describe, expect, it } from 'vitest';
import { bestCardMatch, readKeys } from '../card/card-id';
import { decideBadge } from '../badge/badge-rules';
import { parseKioskConfig } from '../config/kiosk-config';
import { verifyPin } from '../security/pin-hash';
import {
  DEMO_CARDS,
  DEMO_KIOSK_CONFIG,
  DEMO_MEMBERS,
  DEMO_SPACE_ID,
  DEMO_SPACES,
  DEMO_UPDATED_AT,
} from './demo-data';

describe('demo data', () => {
  it('has the seven COFFEE places with unique kebab-case ids', () => {
    expect(DEMO_SPACES.map((s) => s.id)).toEqual([
      'co-nnexion-mons',
      'esco-tournai',
      'switch-charleroi',
      'cowork-factory-la-louviere',
      'mutualab-lille',
      'technocite-mons',
      'pop-lille',
    ]);
    for (const s of DEMO_SPACES) {
      expect(s.timezone).toBe(s.country === 'BE' ? 'Europe/Brussels' : 'Europe/Paris');
      expect(s.languages).toEqual(s.country === 'BE' ? ['fr', 'nl', 'en'] : ['fr', 'en']);
    }
  });

  it('the demo config parses and serves Co-nnexion with host PIN 1234', async () => {
    expect(parseKioskConfig(DEMO_KIOSK_CONFIG)).toEqual({ ok: true, value: DEMO_KIOSK_CONFIG });
    expect(DEMO_KIOSK_CONFIG).toMatchObject({
      kioskId: 'demo-kiosk',
      spaceId: DEMO_SPACE_ID,
      defaultLang: 'fr',
      hub: null,
    });
    expect(await verifyPin('1234', DEMO_KIOSK_CONFIG.hostPinHash)).toBe(true);
  });

  it('the demo kiosk in Mons offers the Belgian AZERTY keyboard; an unknown layout is refused', () => {
    expect(DEMO_KIOSK_CONFIG.visitors.keyboardLayout).toBe('azerty-be');
    const rest: Record<string, unknown> = { ...DEMO_KIOSK_CONFIG };
    delete rest['visitors'];
    const plain = parseKioskConfig(rest);
    expect(plain.ok && plain.value.visitors.keyboardLayout).toBe('qwerty');
    const wrong = parseKioskConfig({ ...rest, visitors: { keyboardLayout: 'dvorak' } });
    expect(wrong.ok ? [] : wrong.error.details).toEqual([
      'visitors.keyboardLayout: azerty-be or qwerty',
    ]);
  });

  it('every member has a home space, a unique id and fixed timestamps', () => {
    const spaceIds = new Set(DEMO_SPACES.map((s) => s.id));
    for (const m of DEMO_MEMBERS) {
      expect(spaceIds.has(m.homeSpaceId), m.displayName).toBe(true);
      expect(m.updatedAt).toBe(DEMO_UPDATED_AT);
      expect(m.cardKeys[0]).toBe(`hex:${m.cardIds[0] ?? ''}`);
    }
    expect(new Set(DEMO_MEMBERS.map((m) => m.id)).size).toBe(DEMO_MEMBERS.length);
    expect(DEMO_MEMBERS.filter((m) => !m.isActive)).toHaveLength(1);
    expect(new Set(DEMO_MEMBERS.map((m) => m.preferredLang)).size).toBe(3);
  });

  it('holds the vector cards at the expected spaces', () => {
    const homeOf = (card: string) =>
      DEMO_MEMBERS.find((m) => m.cardIds.includes(card))?.homeSpaceId;
    for (const card of ['14008EC793', '307E4DE5C2', '4B00423C15']) {
      expect(homeOf(card)).toBe('co-nnexion-mons');
    }
    expect(homeOf('E43AC9D2')).toBe('mutualab-lille');
  });

  it('each demo card, typed in any listed form, finds exactly its member', () => {
    expect(DEMO_CARDS).toHaveLength(DEMO_MEMBERS.length);
    for (const [i, card] of DEMO_CARDS.entries()) {
      for (const typed of [card.canonical, card.dec10, card.w26]) {
        expect(bestCardMatch(readKeys(typed), DEMO_MEMBERS), typed).toEqual({
          ok: true,
          value: DEMO_MEMBERS[i],
        });
      }
    }
  });

  it('the Lille member is greeted as a guest at the demo kiosk', () => {
    const found = bestCardMatch(readKeys('E43AC9D2'), DEMO_MEMBERS);
    const member = found.ok ? found.value : null;
    expect(member?.displayName).toBe('Léa Martin');
    const decision = decideBadge({
      now: DEMO_UPDATED_AT,
      spaceId: DEMO_KIOSK_CONFIG.spaceId,
      holdOffMs: DEMO_KIOSK_CONFIG.badge.holdOffMs,
      staleVisitHours: DEMO_KIOSK_CONFIG.badge.staleVisitHours,
      member,
      openVisit: null,
      lastVisitEventAt: null,
    });
    expect(decision).toEqual({ kind: 'check-in', isGuest: true });
  });
});
