import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Admin } from '@hermes/database';
import { AdminsService } from './admins.service';

/** The core of Hermes: its own objects (admins, companies) and the rules that tie them together. */
@Module({
  imports: [TypeOrmModule.forFeature([Admin])],
  providers: [AdminsService],
  exports: [AdminsService],
})
export class HermesModule {}
