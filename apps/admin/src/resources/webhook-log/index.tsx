import { Datagrid, DateField, List, NumberField, ReferenceField, SearchInput, SelectInput, TextField } from 'react-admin';
import { choicesOf, WEBHOOK_VIA_LABELS } from '@hermes/model';

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
  <SelectInput key="via" source="via" label="Came by" choices={choicesOf(WEBHOOK_VIA_LABELS)} />,
];

const WebhookLogList = () => (
  <List filters={filters} sort={{ field: 'received_at', order: 'DESC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <DateField source="received_at" label="Received" showTime />
      <TextField source="source" label="From" />
      <TextField source="via" label="Came by" />
      <TextField source="entity" label="Object" />
      <TextField source="action" label="Event" />
      <TextField source="external_id" label="Their id" />
      <NumberField source="hermes_id" label="Hermes id" />
      <ReferenceField source="company_id" reference="companies" label="Company" emptyText="" />
      <TextField source="outcome" label="Outcome" />
      <TextField source="reason" label="Reason" />
    </Datagrid>
  </List>
);

export const webhookLog = { list: WebhookLogList, options: { label: 'Webhook log' } };
