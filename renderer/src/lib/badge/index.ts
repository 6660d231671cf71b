export { BadgeService, type BadgeOutcome, type BadgeServiceDeps } from './badge-service';
export { BadgeIndex, presenceHorizon } from './badge-index';
