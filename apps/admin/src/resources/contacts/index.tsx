import { Datagrid, DateField, EmailField, List, NumberField, ReferenceField, SearchInput, Show, SimpleShowLayout, TextField } from 'react-admin';
import { ExternalLinks } from '../ExternalLinks';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Name, email or phone" />];

const ContactList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="first_name" label="First name" />
      <TextField source="last_name" label="Last name" />
      <EmailField source="email" label="Email" />
      <TextField source="phone" label="Phone" />
      <ReferenceField source="company_id" reference="companies" label="Company" />
    </Datagrid>
  </List>
);

const ContactShow = () => (
  <Show>
    <SimpleShowLayout>
      <ExternalLinks />
      <TextField source="first_name" label="First name" />
      <TextField source="last_name" label="Last name" />
      <EmailField source="email" label="Email" />
      <TextField source="phone" label="Phone" />
      <TextField source="country" label="Country" />
      <ReferenceField source="company_id" reference="companies" label="Company" />
      <NumberField source="tc2_sr_id" label="TC2 paying recipient ID" />
      <NumberField source="pd_person_id" label="Pipedrive person ID" />
      <DateField source="created" label="Created" showTime />
    </SimpleShowLayout>
  </Show>
);

export const contacts = {
  list: ContactList,
  show: ContactShow,
  recordRepresentation: (c: { first_name?: string; last_name?: string; email?: string }) => `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim() || (c.email ?? ''),
  options: { label: 'Contacts' },
};
