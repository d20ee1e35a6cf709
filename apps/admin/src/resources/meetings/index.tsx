import { Datagrid, DateField, List, ReferenceField, ReferenceInput, SelectInput, Show, SimpleShowLayout, TextField } from 'react-admin';
import { choicesOf, MEETING_STATUS_LABELS, MEETING_TYPE_LABELS } from '@hermes/model';

const STATUSES = choicesOf(MEETING_STATUS_LABELS);
const TYPES = choicesOf(MEETING_TYPE_LABELS);

const filters = [
  <SelectInput key="meeting_type" source="meeting_type" label="Type" choices={TYPES} alwaysOn />,
  <SelectInput key="status" source="status" label="Status" choices={STATUSES} />,
  <ReferenceInput key="admin_id" source="admin_id" reference="admins">
    <SelectInput label="With" />
  </ReferenceInput>,
];

const MeetingList = () => (
  <List filters={filters} sort={{ field: 'start_time', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <DateField source="start_time" label="Starts" showTime />
      <TextField source="meeting_type" label="Type" />
      <TextField source="status" label="Status" />
      <ReferenceField source="admin_id" reference="admins" label="With" link={false} />
      <ReferenceField source="contact_id" reference="contacts" label="Contact" />
    </Datagrid>
  </List>
);

/** Links to Pipedrive and TC2 are on the meeting's deal and contact. */
const MeetingShow = () => (
  <Show>
    <SimpleShowLayout>
      <DateField source="start_time" label="Starts" showTime />
      <DateField source="end_time" label="Ends" showTime />
      <TextField source="meeting_type" label="Type" />
      <TextField source="status" label="Status" />
      <ReferenceField source="admin_id" reference="admins" label="With" />
      <ReferenceField source="contact_id" reference="contacts" label="Contact" />
      <ReferenceField source="deal_id" reference="deals" label="Deal" />
      <DateField source="created" label="Booked" showTime />
    </SimpleShowLayout>
  </Show>
);

export const meetings = { list: MeetingList, show: MeetingShow, options: { label: 'Meetings' } };
