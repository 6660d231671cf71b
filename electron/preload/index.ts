import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createKioskApi } from '#shared/ipc/api';

// Logic-free bridge (docs/decisions/0001): exposes exactly the contract as window.kiosk, built by
// createKioskApi; ipcRenderer itself never reaches the page. Bundled as CommonJS (sandboxed preload).
contextBridge.exposeInMainWorld(
  'kiosk',
  createKioskApi({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    on: (channel, listener) => {
      const handler = (_event: IpcRendererEvent, payload: unknown): void => {
        listener(payload);
      };
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  }),
);
