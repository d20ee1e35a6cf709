import { Admin } from './admin.entity';
import { AdminSession } from './admin-session.entity';
import { Company } from './company.entity';
import { CompanySync } from './company-sync.entity';
import { Config } from './config.entity';
import { Contact } from './contact.entity';
import { CustomFieldValue } from './custom-field-value.entity';
import { CustomField } from './custom-field.entity';
import { Deal } from './deal.entity';
import { EventClock } from './event-clock.entity';
import { HermesState } from './hermes-state.entity';
import { Meeting } from './meeting.entity';
import { Pipeline } from './pipeline.entity';
import { PipedriveCreateAttempt } from './pipedrive-create-attempt.entity';
import { PipedriveGone } from './pipedrive-gone.entity';
import { PipedriveSyncSnapshot } from './pipedrive-sync-snapshot.entity';
import { Stage } from './stage.entity';
import { SyncWrite } from './sync-write.entity';
import { Tc2Snapshot } from './tc2-snapshot.entity';
import { Tc2UnchangedResend } from './tc2-unchanged-resend.entity';
import { WebhookLog } from './webhook-log.entity';

// The fixed values of the records' columns, here too for the code that imports them with the entities.
export * from '@hermes/model';
export * from './admin.entity';
export * from './admin-session.entity';
export * from './company.entity';
export * from './company-sync.entity';
export * from './config.entity';
export * from './contact.entity';
export * from './custom-field-value.entity';
export * from './custom-field.entity';
export * from './deal.entity';
export * from './event-clock.entity';
export * from './hermes-state.entity';
export * from './meeting.entity';
export * from './pipeline.entity';
export * from './pipedrive-create-attempt.entity';
export * from './pipedrive-gone.entity';
export * from './pipedrive-sync-snapshot.entity';
export * from './stage.entity';
export * from './sync-write.entity';
export * from './tc2-snapshot.entity';
export * from './tc2-unchanged-resend.entity';
export * from './webhook-log.entity';

export const ENTITIES = [
  Admin, AdminSession, Stage, Pipeline, Config, Company, Contact, Deal, Meeting, CustomField, CustomFieldValue,
  PipedriveSyncSnapshot, WebhookLog, Tc2Snapshot, EventClock, PipedriveGone, CompanySync, SyncWrite, HermesState,
  PipedriveCreateAttempt, Tc2UnchangedResend,
];
