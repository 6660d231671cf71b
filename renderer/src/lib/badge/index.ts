export { BadgeService, type BadgeOutcome, type BadgeServiceDeps } from './badge-service';
export { BadgeIndex, presenceHorizon } from './badge-index';
export {
  eventStep,
  type AskEvent,
  type EventChoice,
  type EventQuestion,
  type EventStep,
} from './event-question';
