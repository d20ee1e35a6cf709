import { PipedriveHttpClient } from './pipedrive/pipedrive-http.client';
import { GoogleCalendarHttpClient } from './google-calendar/google-calendar-http.client';
import { Tc2HttpClient } from './tc2/tc2-http.client';
import { loadConfig } from './config/hermes-config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hermes/database';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { Sandbox, startSandbox } from '@hermes/sandbox';

/** The settings the sandbox hands out point Hermes' real clients at working simulators. */
describe('startSandbox', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    sandbox = await startSandbox();
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });

  afterAll(async () => {
    await sandbox.stop();
    await dataSource.destroy();
    await database.drop();
  });

  it('configures Hermes validly, and each of its clients works against its simulator', async () => {
    const config = loadConfig({ ...sandbox.env, DATABASE_URL: database.url });
    expect(config.sandbox).toBe(false);

    const org = await new PipedriveHttpClient(config, dataSource).createOrganization({ name: 'Junior Cramming Ltd' });
    expect(sandbox.pipedrive.objects('organization')).toEqual([expect.objectContaining({ id: org.id, name: 'Junior Cramming Ltd' })]);

    const seeded = sandbox.tc2.seedClient({});
    expect((await new Tc2HttpClient(config).getClient(seeded.id)).id).toBe(seeded.id);

    sandbox.googleCalendar.setBusy('sam@tutorcruncher.com', [
      { start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T11:00:00Z') },
    ]);
    const busy = await new GoogleCalendarHttpClient(config).freeBusy(
      'sam@tutorcruncher.com',
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(busy).toEqual([{ start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T11:00:00Z') }]);
    // The token was signed with the sandbox's service-account key and checked by the simulator.
    expect(sandbox.googleCalendar.tokenRequests.at(-1)).toMatchObject({ sub: 'sam@tutorcruncher.com', outcome: 'granted' });
  });
});
