import { derivedForms, enrolmentKeys, type CardKind } from '../card/card-id';
import { parseKioskConfig, type KioskConfig } from '../config/kiosk-config';
import type { Lang, Member, Space } from '../domain/types';

/**
 * Demo mode: the seven places of the COFFEE network, a dozen members with cards, and a kiosk
 * config for Co-nnexion in Mons, so a newcomer can type a card number and watch the flow. Every
 * id and timestamp is fixed, so demo data is the same on every machine and in every test.
 * Four cards are those of test/fixtures/card-vectors.json (V1–V3 and the MIFARE UID M1).
 */

/** When the demo records were "last changed": fixed so seeding twice writes identical rows. */
export const DEMO_UPDATED_AT = Date.UTC(2025, 0, 1);

/** The space the demo kiosk serves. */
export const DEMO_SPACE_ID = 'co-nnexion-mons';

const WALLONIA: Lang[] = ['fr', 'nl', 'en'];
const LILLE: Lang[] = ['fr', 'en'];

/** The seven COFFEE places, Belgian Wallonia and French Lille. */
export const DEMO_SPACES: readonly Space[] = [
  space('co-nnexion-mons', 'Co-nnexion', 'Mons', 'BE'),
  space('esco-tournai', 'ESCO', 'Tournai', 'BE'),
  space('switch-charleroi', 'Switch', 'Charleroi', 'BE'),
  space('cowork-factory-la-louviere', 'The Cowork Factory', 'La Louvière', 'BE'),
  space('mutualab-lille', 'Mutualab', 'Lille', 'FR'),
  space('technocite-mons', 'Technocité', 'Mons', 'BE'),
  space('pop-lille', 'PoP', 'Lille', 'FR'),
];

function space(id: string, name: string, city: string, country: 'BE' | 'FR'): Space {
  return {
    id,
    name,
    city,
    country,
    timezone: country === 'BE' ? 'Europe/Brussels' : 'Europe/Paris',
    languages: [...(country === 'BE' ? WALLONIA : LILLE)],
  };
}

interface DemoMemberSpec {
  name: string;
  spaceId: string;
  card: string;
  kind: CardKind;
  lang: Lang;
  isActive?: boolean;
}

const MEMBER_SPECS: readonly DemoMemberSpec[] = [
  {
    name: 'Camille Dubois',
    spaceId: 'co-nnexion-mons',
    card: '14008EC793',
    kind: 'em4100',
    lang: 'fr',
  },
  {
    name: 'Pieter Janssens',
    spaceId: 'co-nnexion-mons',
    card: '307E4DE5C2',
    kind: 'em4100',
    lang: 'nl',
  },
  {
    name: 'Sarah Lambert',
    spaceId: 'co-nnexion-mons',
    card: '4B00423C15',
    kind: 'em4100',
    lang: 'en',
  },
  {
    name: 'Marc Renard',
    spaceId: 'co-nnexion-mons',
    card: '3D00A1B2C3',
    kind: 'em4100',
    lang: 'fr',
    isActive: false,
  },
  {
    name: 'Julie Vandenberghe',
    spaceId: 'esco-tournai',
    card: '06008E6D5D',
    kind: 'em4100',
    lang: 'fr',
  },
  { name: 'Bram De Smet', spaceId: 'esco-tournai', card: '7B00E2D5F1', kind: 'em4100', lang: 'nl' },
  {
    name: 'Thomas Leclercq',
    spaceId: 'switch-charleroi',
    card: '0F0184F07A',
    kind: 'em4100',
    lang: 'fr',
  },
  {
    name: 'Sofia Haddad',
    spaceId: 'switch-charleroi',
    card: '2B0019F4AE',
    kind: 'em4100',
    lang: 'en',
  },
  {
    name: 'Giulia Romano',
    spaceId: 'cowork-factory-la-louviere',
    card: '2A00C4E5F6',
    kind: 'em4100',
    lang: 'en',
  },
  { name: 'Léa Martin', spaceId: 'mutualab-lille', card: 'E43AC9D2', kind: 'uid', lang: 'fr' },
  {
    name: 'Elise Peeters',
    spaceId: 'technocite-mons',
    card: '1E00B7A9D4',
    kind: 'em4100',
    lang: 'nl',
  },
  { name: 'Inès Morel', spaceId: 'pop-lille', card: '1C78F2BF', kind: 'uid', lang: 'fr' },
  { name: 'Nathan Roussel', spaceId: 'pop-lille', card: '5A00D3C1B8', kind: 'em4100', lang: 'en' },
];

/**
 * Demo members, one card each, indexed under every key of their card (enrolmentKeys). Marc Renard
 * is inactive (his card shows the inactive screen); Léa Martin (Mutualab, Lille) and the other
 * members of other spaces are greeted as guests at the demo kiosk.
 */
export const DEMO_MEMBERS: readonly Member[] = MEMBER_SPECS.map((m, i) => ({
  id: `demo-member-${String(i + 1).padStart(2, '0')}`,
  displayName: m.name,
  homeSpaceId: m.spaceId,
  cardIds: [m.card],
  cardKeys: enrolmentKeys(m.card, m.kind),
  preferredLang: m.lang,
  isActive: m.isActive ?? true,
  updatedAt: DEMO_UPDATED_AT,
}));

/** One row of the README's demo card table: what to type to be each member. */
export interface DemoCard {
  memberName: string;
  spaceName: string;
  city: string;
  isActive: boolean;
  /** The canonical id, as a serial reader yields it. */
  canonical: string;
  /** The 10-digit decimal a wedge reader types. */
  dec10: string;
  /** The Wiegand-26 view, `FFF,CCCCC`. */
  w26: string;
}

/** The demo cards in member order, with the forms a newcomer can type. */
export const DEMO_CARDS: readonly DemoCard[] = MEMBER_SPECS.map((m) => {
  const home = DEMO_SPACES.find((s) => s.id === m.spaceId);
  const forms = derivedForms(m.card, m.kind);
  // Demo data is fixed: a broken entry is a programming error and must fail at import, in tests.
  if (home === undefined || forms === null) throw new Error(`bad demo member ${m.name}`);
  return {
    memberName: m.name,
    spaceName: home.name,
    city: home.city,
    isActive: m.isActive ?? true,
    canonical: m.card,
    dec10: forms.dec10,
    w26: forms.w26,
  };
});

/** Demo host PIN: 1234. */
const DEMO_PIN_HASH =
  'pbkdf2-sha256$120000$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=';

function demoConfig(): KioskConfig {
  const parsed = parseKioskConfig({
    kioskId: 'demo-kiosk',
    spaceId: DEMO_SPACE_ID,
    languages: ['fr', 'nl', 'en'],
    defaultLang: 'fr',
    hostPinHash: DEMO_PIN_HASH,
    hub: null,
    // Mons is in Wallonia: its Dutch- and English-speaking visitors know the Belgian AZERTY.
    visitors: { keyboardLayout: 'azerty-be' },
  });
  if (!parsed.ok)
    throw new Error(`demo config invalid: ${(parsed.error.details ?? []).join('; ')}`);
  return parsed.value;
}

/**
 * The kiosk config used when no config file exists: the Co-nnexion kiosk in Mons, no hub, host
 * PIN 1234, the Belgian AZERTY on-screen keyboard, every other setting at its schema default.
 */
export const DEMO_KIOSK_CONFIG: KioskConfig = demoConfig();
