import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CoreModule } from '../core/core.module';
import { SelfHealingModule } from '../self-healing/self-healing.module';
import { AdminsController } from './admins.controller';
import { CompanyTimelineController, SyncHealthController } from './company-sync.controller';
import { ConfigController } from './config.controller';
import { CustomFieldsController } from './custom-fields.controller';
import { PipelinesController } from './pipelines.controller';
import { CompaniesController, ContactsController, DealsController, MeetingsController } from './records.controller';
import { StagesController } from './stages.controller';
import { SyncJobsController } from './sync-jobs.controller';
import { WebhookLogController } from './webhook-log.controller';

/** The admin REST API the SPA talks to, in ra-data-simple-rest's conventions (docs/architecture.md). */
@Module({
  imports: [AuthModule, CoreModule, SelfHealingModule],
  controllers: [
    AdminsController,
    PipelinesController,
    StagesController,
    CustomFieldsController,
    ConfigController,
    CompanyTimelineController,
    CompaniesController,
    ContactsController,
    DealsController,
    MeetingsController,
    SyncJobsController,
    WebhookLogController,
    SyncHealthController,
  ],
})
export class AdminApiModule {}
