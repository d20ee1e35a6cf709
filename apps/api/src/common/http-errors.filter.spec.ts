import { Controller, Get, INestApplication, LoggerService, Module, Query, UseFilters } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { BookingErrorFilter } from '../callbooker/booking-error.filter';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { ErrorReportingModule } from '../error-reporting/error-reporting.module';
import { HttpErrorsFilter } from './http-errors.filter';

/** Sends the caller's value to Postgres unvalidated, as a route with a gap in its validation would. */
@Controller('probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('cast')
  cast(@Query('value') value: string, @Query('type') type: string): Promise<unknown> {
    return this.dataSource.query(`SELECT $1::${type === 'int' ? 'int' : type === 'timestamptz' ? 'timestamptz' : 'text'} AS value`, [value]);
  }

  @Get('booking-cast')
  @UseFilters(BookingErrorFilter)
  bookingCast(@Query('value') value: string, @Query('type') type: string): Promise<unknown> {
    return this.cast(value, type);
  }
}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown) { this.lines.push(String(message)); }
  warn(message: unknown) { this.lines.push(String(message)); }
  error(message: unknown) { this.lines.push(String(message)); }
}

describe('database errors answered to clients', () => {
  const logger = new CapturingLogger();
  let database: TestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    @Module({
      imports: [ConfigModule.forRoot(loadConfig({ DATABASE_URL: database.url })), DatabaseModule, ErrorReportingModule],
      controllers: [ProbeController],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorsFilter }],
    })
    class ProbeModule {}
    app = await NestFactory.create(ProbeModule, { logger });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const POSTGRES_WORDS = [
    ['int', '99999999999', 'out of range for type integer'],
    ['timestamptz', '200001-01-01 BC', 'timestamp out of range'],
    ['text', 'a\0b', 'invalid byte sequence for encoding "UTF8"'],
  ];

  it.each(POSTGRES_WORDS)('answer a %s Postgres refuses with a generic 422, and log Postgres’ reason', async (type, value, reason) => {
    const query = new URLSearchParams({ type, value });
    const plain = await fetch(`${url}/probe/cast?${query}`);
    const booking = await fetch(`${url}/probe/booking-cast?${query}`);

    expect([plain.status, booking.status]).toEqual([422, 422]);
    expect(await plain.json()).toEqual({ statusCode: 422, message: 'A value is out of range or not valid for its field' });
    expect(await booking.json()).toEqual({ status: 'error', message: 'A value is out of range or not valid for its field' });
    expect(logger.lines.filter((line) => line.includes(reason))).toHaveLength(2);
  });
});
