import { Company, Contact, MeetingType } from '@hermes/database';

export interface MeetingLinks {
  /** The Company's organization in Pipedrive, once it has one. */
  pipedriveUrl: string | null;
  /** The client in TC2, for companies that signed up. */
  tc2Url: string | null;
}

/** The calendar event's description: a note for the visitor, then what the admin needs to prepare. */
export function meetingDescription(type: MeetingType, company: Company, contact: Contact, links: MeetingLinks): string {
  const greeting = contact.first_name || contact.last_name || 'there';
  const intro =
    type === 'sales'
      ? "Thank you for booking a demo of TutorCruncher. We look forward to hearing about your business and showing you how TutorCruncher can help."
      : 'Thank you for booking a support call with TutorCruncher.';
  const details = [
    `Company: ${company.name}`,
    `Contact: ${[contact.first_name, contact.last_name].filter(Boolean).join(' ')}`,
    `Email: ${contact.email ?? '—'}`,
    `Phone: ${contact.phone ?? '—'}`,
    ...(type === 'sales'
      ? [`Price plan: ${company.price_plan}`, `Estimated monthly income: ${company.estimated_income ?? '—'} ${company.currency ?? ''}`.trimEnd(), `Country: ${company.country ?? '—'}`]
      : []),
    ...(company.website ? [`Website: ${company.website}`] : []),
    ...(links.pipedriveUrl ? [`Pipedrive: ${links.pipedriveUrl}`] : []),
    ...(links.tc2Url ? [`TutorCruncher: ${links.tc2Url}`] : []),
  ];
  return [
    `Hi ${greeting},`,
    '',
    intro,
    'Join the call with the Google Meet link in this invitation. If you have questions already, note them down so we can make the most of our time.',
    '',
    'The TutorCruncher team',
    '',
    '---',
    'For the TutorCruncher team:',
    ...details.map((line) => `- ${line}`),
  ].join('\n');
}
