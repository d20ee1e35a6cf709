import { Company, Contact, MeetingType } from '@hermes/database';

export interface MeetingLinks {
  /** The Company's organization in Pipedrive, once it has one. */
  pipedriveUrl: string | null;
  /** The client in TC2, for companies that signed up. */
  tc2Url: string | null;
}

/** What the invitation points the visitor at (configuration: INVITE_*_URL). */
export interface InviteLinks {
  demoVideoUrl: string;
  adminGuideUrl: string;
  /** TC2's sign-up page; the client's id and the source are added. */
  freeTrialUrl: string;
}

/**
 * The calendar event's description, as v2 wrote it: a note for the visitor with the demo video, the
 * admin guide and the free trial, then what the admin needs to prepare. Google shows descriptions
 * as HTML, so the links are anchors and every value a visitor typed is escaped.
 */
export function meetingDescription(type: MeetingType, company: Company, contact: Contact, links: MeetingLinks, invite: InviteLinks): string {
  const greeting = escapeHtml(contact.first_name || contact.last_name || 'there');
  const details = [
    `Company: ${escapeHtml(company.name)}`,
    `Contact: ${escapeHtml([contact.first_name, contact.last_name].filter(Boolean).join(' '))}`,
    `Email: ${escapeHtml(contact.email ?? '—')}`,
    `Phone: ${escapeHtml(contact.phone ?? '—')}`,
    ...(type === 'sales'
      ? [
          `Price plan: ${escapeHtml(company.price_plan)}`,
          `Estimated revenue: ${escapeHtml(`${company.estimated_income ?? '—'} ${company.currency ?? ''}`.trimEnd())}`,
          `Country: ${escapeHtml(company.country ?? '—')}`,
        ]
      : []),
    ...(company.website ? [`Website: ${escapeHtml(company.website)}`] : []),
    ...(links.pipedriveUrl ? [`Pipedrive: ${anchor(links.pipedriveUrl, links.pipedriveUrl)}`] : []),
    ...(links.tc2Url ? [`TutorCruncher: ${anchor(links.tc2Url, links.tc2Url)}`] : []),
  ];
  const intro =
    type === 'sales'
      ? [
          "Thank you for booking a call with TutorCruncher! We're looking forward to hearing about your business and how we can help.",
          '',
          'When the time comes, join the call with the Google Meet link in this invitation.',
        ]
      : ['Thank you for booking a call with TutorCruncher!'];
  return [
    `Hi ${greeting},`,
    '',
    ...intro,
    '',
    'If you have specific questions, it helps to note them down beforehand: the most useful calls are the ones where we can get to your particular concerns.',
    '',
    'Until then, these will help you get to know TutorCruncher:',
    '',
    anchor(invite.demoVideoUrl, 'Guided product demo.'),
    '',
    'This guide answers most first questions:',
    '',
    anchor(invite.adminGuideUrl, 'Admin user guide.'),
    '',
    `Not signed up yet? ${anchor(freeTrialUrl(invite.freeTrialUrl, company.tc2_cligency_id), 'Start your two-week free trial now')}. ` +
      'You need no payment details, and the demo is at its most useful once you have had a go with the system yourself.',
    '',
    type === 'sales' ? 'We look forward to hearing about your business!' : 'We look forward to talking with you!',
    '',
    'Best,',
    'The TutorCruncher Team',
    '',
    '---',
    '',
    'For the TutorCruncher team:',
    '',
    ...details.map((line) => `- ${line}`),
  ].join('\n');
}

/** The trial sign-up link with the client's TC2 id (when it has one) and the source TC2 credits it to. */
function freeTrialUrl(base: string, cligencyId: number | null): string {
  const url = new URL(base);
  if (cligencyId) url.searchParams.set('cli_id', String(cligencyId));
  url.searchParams.set('tc_source', 'call_booker');
  return url.toString();
}

function anchor(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}" target="_blank">${escapeHtml(text)}</a>`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
