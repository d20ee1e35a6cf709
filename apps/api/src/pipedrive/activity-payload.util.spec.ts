import { Meeting } from '@hermes/database';
import { activityPayload, meetingSubject } from './activity-payload.util';

const admin = { first_name: 'Sam', last_name: 'Sales', username: 'sam@tutorcruncher.com', pd_owner_id: 9001 };

function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return Object.assign(new Meeting(), {
    id: 5,
    meeting_type: 'sales',
    start_time: new Date('2026-11-23T10:00:00.000Z'),
    end_time: new Date('2026-11-23T10:30:00.000Z'),
    ...overrides,
  });
}

describe('activityPayload', () => {
  it('is a meeting due in UTC, with its length, owned by the admin, on the deal and organization, with the person as primary participant', () => {
    expect(activityPayload({ meeting: meeting(), admin, personId: 20001, orgId: 10001, dealId: 30001 })).toEqual({
      subject: 'TutorCruncher demo with Sam Sales',
      type: 'meeting',
      owner_id: 9001,
      due_date: '2026-11-23',
      due_time: '10:00',
      duration: '00:30',
      deal_id: 30001,
      org_id: 10001,
      participants: [{ person_id: 20001, primary: true }],
    });
  });

  it('keeps the UTC date of a meeting late in the evening elsewhere, and a support call has no deal', () => {
    const late = meeting({
      meeting_type: 'support',
      start_time: new Date('2026-11-23T23:30:00-05:00'),
      end_time: new Date('2026-11-24T01:00:00-05:00'),
    });
    expect(activityPayload({ meeting: late, admin: { ...admin, pd_owner_id: null }, personId: 20001, orgId: 10001, dealId: null })).toEqual({
      subject: 'TutorCruncher support meeting with Sam Sales',
      type: 'meeting',
      due_date: '2026-11-24',
      due_time: '04:30',
      duration: '01:30',
      org_id: 10001,
      participants: [{ person_id: 20001, primary: true }],
    });
  });
});

describe('meetingSubject', () => {
  it('names the admin, or their email when they have no name', () => {
    expect(meetingSubject('sales', { first_name: '', last_name: '', username: 'sam@tutorcruncher.com' })).toBe(
      'TutorCruncher demo with sam@tutorcruncher.com',
    );
  });
});
