import { Sandbox, startSandbox } from './sandbox';
import { DEMO_ADMINS, demoProspect, demoTc2Client, seedDemo } from './sandbox-demo';

describe('the sandbox demo', () => {
  let sandbox: Sandbox;

  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.stop());

  it('gives the simulators what a real account holds: pipelines with stages, and each admin in Pipedrive, TC2 and Google', () => {
    const admins = seedDemo(sandbox);

    expect(sandbox.pipedrive.objects('pipeline').map((p) => p.name)).toEqual(['PAYG', 'Startup', 'Enterprise']);
    const payg = sandbox.pipedrive.objects('pipeline')[0];
    expect(sandbox.pipedrive.objects('stage').filter((s) => s.pipeline_id === payg.id).map((s) => s.name)).toEqual([
      'New lead',
      'Call booked',
      'Trial',
      'Negotiation',
    ]);
    expect(sandbox.googleSignIn.accounts().map((a) => a.email)).toEqual(DEMO_ADMINS.map((a) => a.email));
    for (const admin of admins) {
      expect(sandbox.pipedrive.state().users).toContainEqual(expect.objectContaining({ id: admin.pd_owner_id, email: admin.email }));
    }
    expect(sandbox.tc2.state().admins.map((a) => a.id)).toEqual(DEMO_ADMINS.map((a) => a.tc2_admin_id));
  });

  it("gives the demo admins the ids the website's booking pages name", () => {
    const ids = (role: string) => DEMO_ADMINS.filter((a) => a.role === role).map((a) => a.id);
    expect([ids('sales'), ids('support')]).toEqual([[1, 2, 9], [3, 4]]);
  });

  it('makes up a new client on trial that the demo admins look after', () => {
    const client = demoTc2Client({ name: 'Acme Tutors', plan: 'startup' });

    expect(client.meta_agency).toMatchObject({ name: 'Acme Tutors', price_plan: '1-startup', status: 'trial', paid_invoice_count: 0 });
    expect(Date.now() - Date.parse(String(client.meta_agency?.created))).toBeLessThan(60_000);
    expect(client.user?.email).toMatch(/@acmetutors\.example$/);
    const first = (role: string) => DEMO_ADMINS.find((a) => a.role === role)?.tc2_admin_id;
    expect([client.sales_person?.id, client.associated_admin?.id, client.bdr_person?.id]).toEqual([first('sales'), first('support'), first('bdr')]);
  });

  it('makes a prospect’s email from the name given', () => {
    expect(demoProspect({ agency: 'Little Owls', name: ' Ada  King Lovelace ' })).toEqual({
      agency: 'Little Owls',
      first_name: 'Ada',
      last_name: 'King Lovelace',
      email: 'ada.king.lovelace@littleowls.example',
      website: 'https://littleowls.example',
    });
  });
});
