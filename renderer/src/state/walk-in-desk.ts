import type { AgendaEvent, CardRead, Visitor } from '#shared/domain/types';
import type { Result } from '#shared/result';
import type { WalkIn } from '#shared/visitor/walk-in-form';
import type { Registration } from '../lib/visitors/visitor-desk';
import type { MemberMatch, VisitorMatch } from '../lib/visitors/visitor-search';

/**
 * What the walk-in form needs from the desk (VisitorDesk is the real one). Lookups resolve to
 * empty on nothing found; `register` and `bindCard` refuse with `Result` errors and reject only
 * when the database does.
 */
export interface WalkInDesk {
  findVisitors(query: string): Promise<VisitorMatch[]>;
  findMembers(query: string): Promise<MemberMatch[]>;
  visitor(id: string): Promise<Visitor | undefined>;
  /** This space's events on now, from memory (decision 0025); empty when none. */
  eventsOnNow(): AgendaEvent[];
  register(input: {
    walkIn: WalkIn;
    submissionId: string;
    returningVisitorId?: string;
  }): Promise<Result<Registration>>;
  bindCard(visitId: string, read: CardRead): Promise<Result<unknown>>;
}

/** Where a registration stands after the form; `read-again`: the reader's read was not whole. */
export type BindStatus =
  'waiting' | 'bound' | 'card-is-member' | 'card-in-use' | 'card-invalid' | 'read-again' | 'failed';
