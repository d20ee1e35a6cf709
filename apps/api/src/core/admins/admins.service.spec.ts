import { Admin, dataSourceOptions } from '@hermes/database';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { AdminsService } from './admins.service';

describe('AdminsService.create with an id of its own', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let admins: AdminsService;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    admins = new AdminsService(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query('TRUNCATE admin RESTART IDENTITY CASCADE'));

  it('gives the Admin that id, and later Admins free ones', async () => {
    expect((await admins.create({ username: 'sam@tutorcruncher.com' }, 1)).id).toBe(1);
    expect(await admins.create({ username: 'tia@tutorcruncher.com', first_name: 'Tia' }, 9)).toMatchObject({ id: 9, first_name: 'Tia' });
    expect((await admins.create({ username: 'next@tutorcruncher.com' })).id).toBe(10);
    expect((await dataSource.manager.find(Admin, { order: { id: 'ASC' } })).map((admin) => admin.id)).toEqual([1, 9, 10]);
  });

  it('refuses an id another Admin has, naming it', async () => {
    await admins.create({ username: 'sam@tutorcruncher.com' }, 3);

    await expect(admins.create({ username: 'sue@tutorcruncher.com' }, 3)).rejects.toMatchObject({ code: 'already-taken', field: 'id' });
    expect(await dataSource.manager.count(Admin)).toBe(1);
  });
});
