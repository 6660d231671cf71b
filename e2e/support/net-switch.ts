import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';

/**
 * A loopback TCP forwarder in front of the hub with an on/off switch, to take one kiosk offline
 * while the hub and other kiosks go on: switched off, it cuts every open connection and resets
 * each new one at once (the kiosk's hub client sees a network error, as on a pulled cable).
 */
export interface NetSwitch {
  readonly url: string;
  setOnline(isOnline: boolean): void;
  close(): Promise<void>;
}

/** Starts the switch on 127.0.0.1 port 0, online, in front of `target` (an http:// base URL). */
export async function startNetSwitch(target: string): Promise<NetSwitch> {
  const upstream = new URL(target);
  let isOnline = true;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!isOnline) {
      client.destroy();
      return;
    }
    const hub = connect(Number(upstream.port), upstream.hostname);
    for (const s of [client, hub]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        hub.destroy();
      });
    }
    client.pipe(hub).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${String(addr.port)}`,
    setOnline(value) {
      isOnline = value;
      if (!value) for (const s of open) s.destroy();
    },
    async close() {
      for (const s of open) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
