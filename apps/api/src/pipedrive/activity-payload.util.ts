import { Admin, Meeting, MeetingType } from '@hermes/database';
import { PdActivityInput } from './pipedrive.client';

export interface ActivityPayloadInput {
  meeting: Meeting;
  /** Whom the meeting is with on TutorCruncher's side: the subject names them and they own the activity. */
  admin: Pick<Admin, 'first_name' | 'last_name' | 'username' | 'pd_owner_id'>;
  /** The meeting contact's person, the activity's primary participant. */
  personId: number | null;
  orgId: number | null;
  dealId: number | null;
}

/** The Activity a Meeting is in Pipedrive: due date and time in UTC, as Pipedrive stores them. */
export function activityPayload(input: ActivityPayloadInput): PdActivityInput {
  const { meeting, admin } = input;
  const payload: PdActivityInput = { subject: meetingSubject(meeting.meeting_type, admin), type: 'meeting' };
  if (admin.pd_owner_id !== null) payload.owner_id = admin.pd_owner_id;
  if (meeting.start_time) {
    const start = meeting.start_time.toISOString();
    payload.due_date = start.slice(0, 10);
    payload.due_time = start.slice(11, 16);
    if (meeting.end_time && meeting.end_time > meeting.start_time) {
      payload.duration = hoursAndMinutes(meeting.end_time.getTime() - meeting.start_time.getTime());
    }
  }
  if (input.dealId !== null) payload.deal_id = input.dealId;
  if (input.orgId !== null) payload.org_id = input.orgId;
  if (input.personId !== null) payload.participants = [{ person_id: input.personId, primary: true }];
  return payload;
}

/** The meeting's name, as v2 gave it (and as the calendar event is called). */
export function meetingSubject(type: MeetingType, admin: Pick<Admin, 'first_name' | 'last_name' | 'username'>): string {
  const name = `${admin.first_name} ${admin.last_name}`.trim() || admin.username;
  return type === 'sales' ? `TutorCruncher demo with ${name}` : `TutorCruncher support meeting with ${name}`;
}

function hoursAndMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
