import type { FastifyRequest } from 'fastify';
import { tokenKioskId, tokenMatches } from '../auth/credentials';
import type { HubLog } from '../log';
import type { HubStore } from '../store/store';
import type { Principal } from '../sync/push';
import { HttpError, revokedMessage } from './errors';

/** The kiosk a request authenticated as. */
export type KioskPrincipal = Principal & { kind: 'kiosk' };

/** The kiosk credential's check, shared by every kiosk route (sync, heartbeat). */
export interface KioskAuth {
  /**
   * An `onRequest` hook: reads `Authorization: Bearer <token>` and leaves the kiosk in
   * `principals`. Throws 401 `credential-missing` / `credential-invalid`, 403 `kiosk-revoked`.
   */
  readonly authenticate: (request: FastifyRequest) => Promise<void>;
  /** The kiosk `authenticate` left on `request`; 401 when none (a route without the hook). */
  readonly principalOf: (request: FastifyRequest) => KioskPrincipal;
}

/** The kiosk credential's check over `store`, leaving each request's kiosk in `principals`. */
export function kioskAuth(
  store: HubStore,
  log: HubLog,
  principals: WeakMap<FastifyRequest, KioskPrincipal>,
): KioskAuth {
  return {
    authenticate: async (request) => {
      const header = request.headers.authorization ?? '';
      const token = /^Bearer (\S+)$/i.exec(header)?.[1];
      if (token === undefined) {
        throw new HttpError(
          401,
          'credential-missing',
          'Send the kiosk credential: Authorization: Bearer <token>.',
        );
      }
      const kioskId = tokenKioskId(token);
      const kiosk = kioskId === undefined ? undefined : await store.findKiosk(kioskId);
      if (!kiosk || !tokenMatches(token, kiosk.tokenHash)) {
        log.warn('rejected credential', { ip: request.ip, kioskId });
        throw new HttpError(401, 'credential-invalid', 'Unknown or forged kiosk credential.');
      }
      if (kiosk.revokedAt !== null) {
        throw new HttpError(403, 'kiosk-revoked', revokedMessage(kiosk.kioskId));
      }
      principals.set(request, { kind: 'kiosk', kioskId: kiosk.kioskId, spaceId: kiosk.spaceId });
    },
    principalOf: (request) => {
      const p = principals.get(request);
      if (!p) throw new HttpError(401, 'credential-missing', 'Not authenticated.');
      return p;
    },
  };
}
