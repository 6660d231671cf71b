import type { ConsoleRoutes } from './console-api/contract';
import { fleetRoutes } from './fleet/routes';
import { indicatorRoutes } from './indicators/routes';
import { kioskLogRoutes } from './kiosk-logs/console-routes';
import { peopleRoutes } from './people/index';

/**
 * Every part of the operators' console API a hub serves under `/console/api` (after the session
 * layer's own routes: sign-in, account, operators, audit). `createHub` mounts these unless a
 * test names its own.
 */
export const CONSOLE_ROUTES: readonly ConsoleRoutes[] = [
  ...peopleRoutes,
  fleetRoutes,
  kioskLogRoutes,
  indicatorRoutes,
];
