import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Admin } from '@hermes/database';
import { AdminsService } from './admins.service';
import { ConfigService } from './config.service';
import { DealsService } from './deals.service';
import { WebhookLogService } from './webhook-log.service';

/** The core of Hermes: its own objects (admins, companies, deals, config) and the rules that tie them together. */
@Module({
  imports: [TypeOrmModule.forFeature([Admin])],
  providers: [AdminsService, ConfigService, DealsService, WebhookLogService],
  exports: [AdminsService, ConfigService, DealsService, WebhookLogService],
})
export class HermesModule {}
