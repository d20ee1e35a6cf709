import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin, Company, Config, Contact, CustomField, dataSourceOptions, Pipeline, PipedriveSyncSnapshot, Stage } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { PATCHES } from '../patches';
import { writeSandboxEnv } from '../sandbox-mode/sandbox-env.util';

const ROOT = join(__dirname, '../../../..');
const PD_TOKEN = 'cli-pd-token';

describe('operator commands: setup, sync, reconcile, patch', () => {
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let dataSource: DataSource;

  /** The CLI as an operator runs it: `npm run hermes -- <args>`, in its own process. */
  const hermesIn = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url, ...env } });
  const hermes = (...args: string[]) =>
    hermesIn({ PD_API_KEY: PD_TOKEN, PD_BASE_URL: pd.url, PD_WEBHOOK_USER: 'pipedrive', PD_WEBHOOK_PASSWORD: 'secret', HERMES_URL: 'https://hermes.example' }, ...args);
  const writes = () => pd.requests.filter((r) => r.method !== 'GET').length;

  beforeAll(async () => {
    await pd.start();
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await pd.stop();
  });

  it('setup makes Hermes and Pipedrive agree, and a second run changes nothing', async () => {
    const payg = pd.seedPipeline({ name: 'PAYG' });
    const startup = pd.seedPipeline({ name: 'Startup' });
    pd.seedStage({ name: 'Demo booked', pipeline_id: payg.id, order_nr: 1 });
    pd.seedStage({ name: 'Contacted', pipeline_id: payg.id, order_nr: 0 });
    pd.seedStage({ name: 'Qualified', pipeline_id: startup.id, order_nr: 0 });
    pd.seedField('organization', { name: 'Website', field_type: 'varchar' });

    const { stdout } = await hermes('setup');
    expect(stdout).toContain('Imported pipeline "PAYG"');
    expect(stdout).toContain('Set the default entry stage of pipeline "PAYG" to "Contacted"');
    expect(stdout).toContain('Created the Pipedrive organization field "Paid Invoice Count"');
    expect(stdout).not.toContain('Created the Pipedrive organization field "Website"');
    expect(stdout).toContain('Created the Pipedrive organization field "Hermes sync status"');
    expect(stdout).toContain('Registered the Pipedrive deal webhook at https://hermes.example/pipedrive/callback/');
    expect(stdout).toContain('Config: payg deals go to pipeline "PAYG"');

    const manager = dataSource.manager;
    const hermesPayg = await manager.findOneByOrFail(Pipeline, { pd_pipeline_id: payg.id });
    expect(await manager.findOneByOrFail(Stage, { name: 'Qualified' })).toMatchObject({ pipeline_id: (await manager.findOneByOrFail(Pipeline, { pd_pipeline_id: startup.id })).id });
    expect(hermesPayg.dft_entry_stage_id).toBe((await manager.findOneByOrFail(Stage, { name: 'Contacted' })).id);
    const fields = await manager.find(CustomField);
    expect(fields).toHaveLength(14);
    expect(fields.every((f) => f.pd_field_id)).toBe(true);
    const website = fields.find((f) => f.machine_name === 'website')!;
    // The Website field Pipedrive already had is reused, not made again.
    const pdWebsite = (await (await fetch(`${pd.url}/api/v2/organizationFields`, { headers: { 'x-api-token': PD_TOKEN } })).json()) as { data: { field_name: string; field_code: string }[] };
    expect(website).toMatchObject({ hermes_field_name: 'website', tc2_machine_name: 'website', pd_field_id: pdWebsite.data.find((f) => f.field_name === 'Website')!.field_code });
    expect(pd.webhooks()).toHaveLength(5);
    expect(pd.webhooks().every((w) => w.version === '2.0' && w.http_auth_user === 'pipedrive' && w.event_action === '*')).toBe(true);
    expect(await manager.findOneOrFail(Config, { where: {} })).toMatchObject({ payg_pipeline_id: hermesPayg.id, enterprise_pipeline_id: null });

    const before = writes();
    const again = await hermes('setup');
    expect(again.stdout.trim()).toBe('Setup done: nothing to change.');
    expect(writes()).toBe(before);
  });

  it('sync to-pipedrive pushes a company; sync from-pipedrive brings Pipedrive back into Hermes', async () => {
    const manager = dataSource.manager;
    const owner = pd.seedUser({ name: 'Sam Sales', email: 'sam@tutorcruncher.com' });
    const sales = await manager.save(Admin, { username: 'sam@tutorcruncher.com', pd_owner_id: owner.id });
    const company = await manager.save(Company, { name: 'Brightside Tutors', sales_person_id: sales.id });
    await manager.save(Contact, { company_id: company.id, first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example' });

    await expect(hermes('sync', 'to-pipedrive')).rejects.toMatchObject({ stderr: expect.stringContaining('--company <id>, or pass --all') });
    const pushed = await hermes('sync', 'to-pipedrive', '--company', String(company.id));
    expect(pushed.stdout).toContain('Synced 1 of 1 companies to Pipedrive.');
    const { pd_org_id } = await manager.findOneByOrFail(Company, { id: company.id });
    expect(pd.object('organization', pd_org_id!)).toMatchObject({ name: 'Brightside Tutors' });
    const all = await hermes('sync', 'to-pipedrive', '--all');
    expect(all.stdout).toContain('1 companies: 1 already in step with Pipedrive (nothing sent), 0 synced.');

    const org = pd.seedOrganization({ name: 'Made In Pipedrive', owner_id: owner.id });
    const pulled = await hermes('sync', 'from-pipedrive', '--all');
    expect(pulled.stdout).toMatch(/organizations\s+1 applied, 1 unchanged or not Hermes', 0 refused/);
    expect(await manager.findOneByOrFail(Company, { pd_org_id: org.id })).toMatchObject({ name: 'Made In Pipedrive', sales_person_id: sales.id });
  });

  it('--sandbox acts on the running sandbox: its simulators, not the configured services', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hermes-home-'));
    try {
      // The configured Pipedrive is nowhere; the sandbox's is the simulator.
      const configured = { HERMES_HOME: home, PD_API_KEY: 'configured-token', PD_BASE_URL: 'http://127.0.0.1:9' };
      await expect(hermesIn(configured, '--sandbox', 'sync', 'from-pipedrive', '--all')).rejects.toMatchObject({ stderr: expect.stringContaining('No sandbox is running') });

      writeSandboxEnv(home, { PD_API_KEY: PD_TOKEN, PD_BASE_URL: pd.url, HERMES_URL: 'http://localhost:8000' });
      const owner = pd.seedUser({ name: 'Sue Sandbox', email: 'sue@tutorcruncher.com' });
      await dataSource.manager.save(Admin, { username: 'sue@tutorcruncher.com', pd_owner_id: owner.id });
      const org = pd.seedOrganization({ name: 'Sandbox Only Tutors', owner_id: owner.id });
      const pulled = await hermesIn(configured, '--sandbox', 'sync', 'from-pipedrive', '--all');
      expect(pulled.stdout).toMatch(/organizations\s+\d+ applied/);
      expect(await dataSource.manager.findOneByOrFail(Company, { pd_org_id: org.id })).toMatchObject({ name: 'Sandbox Only Tutors' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('companies restore puts back a company deleted in Pipedrive, and says so', async () => {
    const owner = pd.seedUser({ name: 'Ray Restore', email: 'ray@tutorcruncher.com' });
    const sales = await dataSource.manager.save(Admin, { username: 'ray@tutorcruncher.com', pd_owner_id: owner.id });
    const company = await dataSource.manager.save(Company, { name: 'Deleted Tutors', sales_person_id: sales.id, pd_removed: 'deleted', pd_removed_at: new Date() });

    const restored = await hermes('companies', 'restore', String(company.id));
    expect(restored.stdout).toContain(`Restored company ${company.id} (Deleted Tutors)`);
    expect(await dataSource.manager.findOneByOrFail(Company, { id: company.id })).toMatchObject({ pd_removed: null });
    await expect(hermes('companies', 'restore', String(company.id))).rejects.toMatchObject({
      stderr: expect.stringContaining(`Company ${company.id} is not deleted or merged away in Pipedrive`),
    });
  });

  it('reconcile reports planted drift in a table with its cost, and --fix heals it by who owns each field', async () => {
    pd.reset();
    await dataSource.query('TRUNCATE company, contact, deal, admin, customfield, customfieldvalue, pipedrive_sync_snapshot, webhook_log RESTART IDENTITY CASCADE');
    const manager = dataSource.manager;
    const owner = pd.seedUser({ name: 'Rita Reconcile', email: 'rita@tutorcruncher.com' });
    const sales = await manager.save(Admin, { username: 'rita@tutorcruncher.com', pd_owner_id: owner.id });
    const company = await manager.save(Company, { name: 'Drifting Tutors', sales_person_id: sales.id });
    const contact = await manager.save(Contact, { company_id: company.id, first_name: 'Dora', last_name: 'Drift', email: 'dora@drifting.example' });
    await hermes('sync', 'to-pipedrive', '--company', String(company.id));
    const { pd_org_id: orgId } = await manager.findOneByOrFail(Company, { id: company.id });
    const { pd_person_id: personId } = await manager.findOneByOrFail(Contact, { id: contact.id });

    // Lost both ways: a rename in Pipedrive whose webhook never came, a change in Hermes never pushed.
    pd.editInApp('organization', orgId!, { name: 'Drifting Tutors Ltd' });
    await manager.update(Contact, contact.id, { last_name: 'Drifted' });

    const report = await hermes('reconcile', '--report');
    const lines = report.stdout.split('\n');
    expect(lines[0]).toMatch(/^Object\s+Company\s+Hermes id\s+Pipedrive id\s+Field\s+Hermes\s+Pipedrive\s+Resolution$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^organization\\s+${company.id}\\s+${company.id}\\s+${orgId}\\s+name\\s+Drifting Tutors\\s+Drifting Tutors Ltd\\s+pipedrive → hermes$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^person\\s+${company.id}\\s+${contact.id}\\s+${personId}\\s+name\\s+Dora Drifted\\s+Dora Drift\\s+hermes → pipedrive$`)));
    // Three paged lists (organizations, persons, deals), however many objects.
    expect(report.stdout).toContain('Compared 1 organizations, 1 persons and 0 deals: 2 field(s) differ. Pipedrive requests used: 3.');
    expect(pd.object('organization', orgId!)).toMatchObject({ name: 'Drifting Tutors Ltd' });

    const fixed = await hermes('reconcile', '--fix');
    expect(fixed.stdout).toContain('2 field(s) differ; 1 companies healed');
    expect(await manager.findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Drifting Tutors Ltd' });
    expect(pd.object('person', personId!)).toMatchObject({ name: 'Dora Drifted' });
    expect(pd.object('organization', orgId!)).toMatchObject({ name: 'Drifting Tutors Ltd' });

    const after = await hermes('reconcile');
    expect(after.stdout).toContain('Compared 1 organizations, 1 persons and 0 deals: 0 field(s) differ.');
  });

  it('patch lists the patches and runs one by name', async () => {
    const list = await hermes('patch', '--list');
    for (const patch of PATCHES) expect(list.stdout).toContain(patch.name);
    await expect(hermes('patch', 'no-such-patch')).rejects.toMatchObject({ stderr: expect.stringContaining('No patch "no-such-patch"') });

    const run = await hermes('patch', 'resend-organizations');
    expect(run.stdout).toMatch(/Queued the sync of \d+ companies/);
    expect(await dataSource.manager.countBy(PipedriveSyncSnapshot, { object_type: 'organization' })).toBe(0);
  });
});
