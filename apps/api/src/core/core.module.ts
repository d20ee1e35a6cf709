import { Module } from '@nestjs/common';
import { AdminsService } from './admins/admins.service';
import { BookingsService } from './companies/bookings.service';
import { CompaniesService } from './companies/companies.service';
import { ContactsService } from './companies/contacts.service';
import { DealsService } from './companies/deals.service';
import { UnchangedResendsService } from './companies/unchanged-resends.service';
import { ConfigService } from './config/config.service';
import { CustomFieldsService } from './custom-fields/custom-fields.service';
import { CustomValuesService } from './custom-fields/custom-values.service';
import { DealChangesService } from './from-pipedrive/deal-changes.service';
import { OrganizationChangesService } from './from-pipedrive/organization-changes.service';
import { PersonChangesService } from './from-pipedrive/person-changes.service';
import { PipedriveChangesService } from './from-pipedrive/pipedrive-changes.service';
import { PipelinesService } from './pipelines/pipelines.service';
import { RecordQueriesService } from './records/record-queries.service';
import { EventClockService } from './sync/event-clock.service';
import { OutboundSyncService } from './sync/outbound-sync.service';
import { PipedriveLinksService } from './sync/pipedrive-links.service';
import { PipedriveSnapshotsService } from './sync/pipedrive-snapshots.service';
import { SyncOutcomesService } from './sync/sync-outcomes.service';
import { Tc2SnapshotsService } from './sync/tc2-snapshots.service';
import { HermesStateService } from './state/hermes-state.service';
import { WebhookLogService } from './webhook-log/webhook-log.service';

/**
 * The heart of Hermes: the one owner of its records (companies, contacts, deals, meetings and their
 * custom values; admins, pipelines, config) and of the rules about who may change what. The
 * integration modules translate their payloads into these services' calls; the services write the
 * records and enqueue the syncs the change needs (docs/architecture.md).
 */
@Module({
  providers: [
    AdminsService,
    BookingsService,
    CompaniesService,
    ContactsService,
    DealsService,
    ConfigService,
    CustomFieldsService,
    CustomValuesService,
    DealChangesService,
    OrganizationChangesService,
    PersonChangesService,
    PipedriveChangesService,
    PipelinesService,
    RecordQueriesService,
    EventClockService,
    OutboundSyncService,
    PipedriveLinksService,
    PipedriveSnapshotsService,
    SyncOutcomesService,
    Tc2SnapshotsService,
    HermesStateService,
    UnchangedResendsService,
    WebhookLogService,
  ],
  exports: [
    AdminsService,
    BookingsService,
    CompaniesService,
    ConfigService,
    CustomFieldsService,
    PipedriveChangesService,
    PipelinesService,
    RecordQueriesService,
    OutboundSyncService,
    PipedriveLinksService,
    PipedriveSnapshotsService,
    SyncOutcomesService,
    HermesStateService,
    UnchangedResendsService,
    WebhookLogService,
  ],
})
export class CoreModule {}
