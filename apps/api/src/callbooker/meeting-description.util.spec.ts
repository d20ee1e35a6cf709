import { Company, Contact } from '@hermes/database';
import { loadConfig } from '../config/hermes-config';
import { meetingDescription } from './meeting-description.util';

const company = Object.assign(new Company(), {
  name: 'Brightside Tutors',
  tc2_cligency_id: 4521,
  price_plan: 'payg',
  estimated_income: '£150,000 - £500,000',
  currency: 'GBP',
  country: 'GB',
  website: 'https://brightside.example',
});
const contact = Object.assign(new Contact(), { first_name: 'Jane', last_name: 'Van Dyke', email: 'jane@brightside.example', phone: '+44 20 7946 0000' });
const links = { pipedriveUrl: 'https://acme.pipedrive.com/organization/7', tc2Url: 'https://secure.tutorcruncher.com/clients/4521/' };
const { invite } = loadConfig({});

describe('meetingDescription', () => {
  it("writes a sales invitation as v2 did: greeting, the Meet link, the demo video, the admin guide, the free trial with the client's id, the team's details", () => {
    const text = meetingDescription('sales', company, contact, links, invite);

    expect(text.startsWith('Hi Jane,\n\nThank you for booking a call with TutorCruncher!')).toBe(true);
    expect(text).toContain('Google Meet link in this invitation');
    const order = [
      '<a href="https://www.youtube.com/watch?v=2iUK0RTm4pw" target="_blank">Guided product demo.</a>',
      '<a href="https://cdn.tutorcruncher.com/guides/admin-user-guide.pdf" target="_blank">Admin user guide.</a>',
      '<a href="https://secure.tutorcruncher.com/start/1/?cli_id=4521&amp;tc_source=call_booker" target="_blank">Start your two-week free trial now</a>',
      'The TutorCruncher Team',
      '---',
      '- Company: Brightside Tutors',
      '- Email: jane@brightside.example',
      '- Phone: +44 20 7946 0000',
      '- Estimated revenue: £150,000 - £500,000 GBP',
      '- Country: GB',
      '- Pipedrive: <a href="https://acme.pipedrive.com/organization/7" target="_blank">',
      '- TutorCruncher: <a href="https://secure.tutorcruncher.com/clients/4521/" target="_blank">',
    ].map((part) => text.indexOf(part));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('writes a support invitation with the same links and the TutorCruncher link, without the sales details', () => {
    const text = meetingDescription('support', company, contact, { pipedriveUrl: null, tc2Url: links.tc2Url }, invite);

    expect(text).toContain('Guided product demo.');
    expect(text).toContain('Admin user guide.');
    expect(text).toContain('Start your two-week free trial now');
    expect(text).toContain('- TutorCruncher: <a href="https://secure.tutorcruncher.com/clients/4521/"');
    expect(text).not.toContain('Google Meet');
    expect(text).not.toContain('Estimated revenue');
    expect(text).not.toContain('Pipedrive');
  });

  it('takes the links from configuration, and leaves the client id out of the trial link when there is none', () => {
    const configured = loadConfig({
      INVITE_DEMO_VIDEO_URL: 'https://video.example/demo',
      INVITE_ADMIN_GUIDE_URL: 'https://docs.example/guide.pdf',
      INVITE_FREE_TRIAL_URL: 'https://signup.example/start/?lang=en',
    }).invite;
    const text = meetingDescription('sales', Object.assign(new Company(), { ...company, tc2_cligency_id: null }), contact, links, configured);

    expect(text).toContain('<a href="https://video.example/demo" target="_blank">');
    expect(text).toContain('<a href="https://docs.example/guide.pdf" target="_blank">');
    expect(text).toContain('<a href="https://signup.example/start/?lang=en&amp;tc_source=call_booker" target="_blank">');
    expect(text).not.toContain('youtube');
  });

  it('escapes what the visitor typed, so it cannot add links or markup to the invitation', () => {
    const hostile = Object.assign(new Company(), { ...company, name: '<a href="https://evil.example">Click</a>' });
    const text = meetingDescription('sales', hostile, Object.assign(new Contact(), { ...contact, first_name: '<b>Jane</b>' }), links, invite);

    expect(text).not.toContain('evil.example">');
    expect(text).not.toContain('<b>');
    expect(text).toContain('Hi &lt;b&gt;Jane&lt;/b&gt;,');
  });
});
