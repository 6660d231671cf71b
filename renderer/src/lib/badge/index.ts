export { BadgeService, type BadgeOutcome, type BadgeServiceDeps } from './badge-service';
