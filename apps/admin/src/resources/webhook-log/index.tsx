import { Datagrid, DateField, List, NumberField, SearchInput, SelectInput, TextField } from 'react-admin';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Id or reason" />,
  <SelectInput key="source" source="source" label="From" choices={[{ id: 'tc2', name: 'TutorCruncher' }, { id: 'pipedrive', name: 'Pipedrive' }]} alwaysOn />,
  <SelectInput
    key="outcome"
    source="outcome"
    label="Outcome"
    choices={['applied', 'ignored', 'rejected'].map((outcome) => ({ id: outcome, name: outcome }))}
    alwaysOn
  />,
];

const WebhookLogList = () => (
  <List filters={filters} sort={{ field: 'received_at', order: 'DESC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <DateField source="received_at" label="Received" showTime />
      <TextField source="source" label="From" />
      <TextField source="entity" label="Object" />
      <TextField source="action" label="Event" />
      <TextField source="external_id" label="Their id" />
      <NumberField source="hermes_id" label="Hermes id" />
      <TextField source="outcome" label="Outcome" />
      <TextField source="reason" label="Reason" />
    </Datagrid>
  </List>
);

export const webhookLog = { list: WebhookLogList, options: { label: 'Webhook log' } };
