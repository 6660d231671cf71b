import type { Lang } from '#shared/domain/types';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

/** The shape of a catalogue: English's, so a key missing in fr or nl fails type-checking too. */
export type Catalogue = typeof en;

/** The console's three catalogues, bundled; identical keys in each (catalogues.test.ts). */
export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { fr, nl, en };
