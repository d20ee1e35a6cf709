import { Baseline1763769600000 } from './1763769600000-baseline';
import { CreatedDefaultNow1763769600001 } from './1763769600001-created-default-now';
import { PipedriveRateLimit1763769600100 } from './1763769600100-pipedrive-rate-limit';
import { PipedriveSyncSnapshot1763769600200 } from './1763769600200-pipedrive-sync-snapshot';
import { StagePipeline1763769600300 } from './1763769600300-stage-pipeline';
import { WebhookLog1763769600400 } from './1763769600400-webhook-log';
import { AdminSession1763769600500 } from './1763769600500-admin-session';
import { StayInStep1763769600600 } from './1763769600600-stay-in-step';
import { SelfHealing1763769600700 } from './1763769600700-self-healing';
import { PipedriveCreateAttempt1764633600100 } from './1764633600100-pipedrive-create-attempt';
import { ScaleIndexes1764633600200 } from './1764633600200-scale-indexes';
import { EventClockVersion1764720000100 } from './1764720000100-event-clock-version';
import { Tc2UnchangedResend1764806400100 } from './1764806400100-tc2-unchanged-resend';

/** Every migration, oldest first. `npm run migration:generate` writes new files here; add them below. */
export const MIGRATIONS = [
  Baseline1763769600000,
  CreatedDefaultNow1763769600001,
  PipedriveRateLimit1763769600100,
  PipedriveSyncSnapshot1763769600200,
  StagePipeline1763769600300,
  WebhookLog1763769600400,
  AdminSession1763769600500,
  StayInStep1763769600600,
  SelfHealing1763769600700,
  PipedriveCreateAttempt1764633600100,
  ScaleIndexes1764633600200,
  EventClockVersion1764720000100,
  Tc2UnchangedResend1764806400100,
];
