import type { ConsoleRoutes } from '../console-api/contract';
import { feedsRoutes } from './feeds-routes';
import { importRoutes } from './import-routes';
import { memberCardsRoutes } from './member-cards-routes';
import { membersRoutes } from './members-routes';
import { spacesRoutes } from './spaces-routes';
import { visitorsRoutes } from './visitors-routes';

/**
 * The people-and-places part of the console API (issue 12, point 5; decision 0031): register
 * each on the authenticated `/console/api` scope. The import routes come before the members
 * routes only for reading order: `/members/import` is a static path and wins over `/members/:id`
 * whatever the order.
 */
export const peopleRoutes: readonly ConsoleRoutes[] = [
  importRoutes,
  membersRoutes,
  memberCardsRoutes,
  spacesRoutes,
  feedsRoutes,
  visitorsRoutes,
];
