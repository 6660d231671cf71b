import type { KioskApi } from '#shared/ipc/contract';
import type { Printouts } from './printouts';

/** The Svelte context key under which the composition root provides the PrintDesk. */
export const PRINT_CONTEXT = Symbol('print-desk');

/**
 * What a print button needs: the printouts to build and main's print channel. Provided once by
 * main.ts; a screen mounted without it (component tests) shows no print button.
 */
export interface PrintDesk {
  api: Pick<KioskApi, 'print'>;
  printouts: Printouts;
}
