import { z } from 'zod';
import { operatorOf, type ConsoleRoutes } from '../console-api/contract';
import { IdParams, orRefuse, parseInput } from './input';
import { withCard, withoutCard } from './member-cards';
import { changeMember, managedMember } from './members-routes';

/**
 * A member's cards in the console: `POST /members/:id/cards` `{card}` adds one typed in any form
 * (normalised as at the kiosk), `POST /members/:id/cards/remove` `{card}` removes the one that
 * form names. One card per member across the network: a card another member holds is refused
 * with 409 `card-clash` naming that member (the store's verdict, decision 0021). Audited as
 * `member.card-add` / `member.card-remove` with the member's id only.
 */

const CardBody = z.strictObject({ card: z.string().max(64) });

/** The card routes of a member. */
export const memberCardsRoutes: ConsoleRoutes = (scope, deps) => {
  scope.post('/members/:id/cards', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const { card } = parseInput(CardBody, request.body, 'body');
    const member = await managedMember(deps, operator, id);
    const cards = orRefuse(withCard(member, card));
    return changeMember(deps, operator, id, cards, 'member.card-add');
  });

  scope.post('/members/:id/cards/remove', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const { card } = parseInput(CardBody, request.body, 'body');
    const member = await managedMember(deps, operator, id);
    const cards = orRefuse(withoutCard(member, card));
    return changeMember(deps, operator, id, cards, 'member.card-remove');
  });
};
