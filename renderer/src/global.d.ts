import type { KioskApi } from '#shared/ipc/contract';

declare global {
  interface Window {
    /**
     * The kiosk shell's API, exposed by the Electron preload from the shared IPC contract (its type
     * is derived from that contract, never copied). Absent in a plain browser; use getKioskApi().
     */
    readonly kiosk?: KioskApi;
  }
}

export {};
