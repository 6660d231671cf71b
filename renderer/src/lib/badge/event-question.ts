import { MAX_PICKED_EVENTS } from '#shared/badge/event-window';
import type { AgendaEvent, Member } from '#shared/domain/types';
import type { BadgeOutcome } from './badge-service';

/**
 * What the member is asked when a tap could count for an event (decision 0025):
 * - `arriving`: two or more events are on; they pick one, or "just the space";
 * - `in`: they are already checked in without this event; "I am at the event" (each event on),
 *   or "I am leaving" (the tap's usual meaning).
 */
export interface EventQuestion {
  mode: 'arriving' | 'in';
  member: Member;
  /** The events offered, by start (at most MAX_PICKED_EVENTS). */
  events: AgendaEvent[];
}

/** The member's answer: an event's id, or null for "just the space" / "leaving" (and timeouts). */
export type EventChoice = string | null;

/** Asks the member on screen; resolves with their choice, or null when they do not answer. */
export type AskEvent = (question: EventQuestion) => Promise<EventChoice>;

/** What a tap's outcome needs about events before it is stored. */
export type EventStep =
  | { kind: 'none' }
  /** Exactly one event is on: the check-in records it without asking. */
  | { kind: 'auto'; eventId: string }
  | { kind: 'ask'; question: EventQuestion };

/**
 * The event step of an outcome decided without one, given the events on now (eventsOnNow). A
 * check-in with one event records it, with more asks; a check-out (the member is in) asks when an
 * event is on that their open visit does not already record. Refusals and repeats need nothing.
 */
export function eventStep(outcome: BadgeOutcome, events: readonly AgendaEvent[]): EventStep {
  if (outcome.kind === 'checked-in') {
    const [only] = events;
    if (only === undefined) return { kind: 'none' };
    if (events.length === 1) return { kind: 'auto', eventId: only.id };
    const offered = events.slice(0, MAX_PICKED_EVENTS);
    return { kind: 'ask', question: { mode: 'arriving', member: outcome.member, events: offered } };
  }
  if (outcome.kind === 'checked-out') {
    const offered = events.filter((e) => e.id !== outcome.visit.eventId);
    if (offered.length === 0) return { kind: 'none' };
    return {
      kind: 'ask',
      question: { mode: 'in', member: outcome.member, events: offered.slice(0, MAX_PICKED_EVENTS) },
    };
  }
  return { kind: 'none' };
}
