import { BooleanField, Create, Datagrid, Edit, EmailField, List, NumberField, SearchInput, TextField } from 'react-admin';
import { AdminForm } from './AdminForm';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

const AdminList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'ASC' }}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="id" />
      <EmailField source="email" label="Email" />
      <TextField source="first_name" label="First name" />
      <TextField source="last_name" label="Last name" />
      <TextField source="timezone" label="Time zone" />
      <NumberField source="tc2_admin_id" label="TC admin id" />
      <NumberField source="pd_owner_id" label="Pipedrive owner ID" />
      <BooleanField source="is_sales_person" label="Sales repr" />
      <BooleanField source="is_support_person" label="Support repr" />
      <BooleanField source="is_bdr_person" label="BDR" />
    </Datagrid>
  </List>
);

const AdminEdit = () => (
  <Edit mutationMode="pessimistic">
    <AdminForm />
  </Edit>
);

const AdminCreate = () => (
  <Create redirect="list">
    <AdminForm />
  </Create>
);

export const admins = {
  list: AdminList,
  edit: AdminEdit,
  create: AdminCreate,
  recordRepresentation: 'email',
  options: { label: 'Admins' },
};
