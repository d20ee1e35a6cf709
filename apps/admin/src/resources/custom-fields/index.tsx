import { Create, Datagrid, Edit, List, required, SearchInput, SelectInput, SimpleForm, TextField, TextInput } from 'react-admin';
import { choicesOf, FIELD_TYPE_LABELS, LINKED_OBJECT_TYPES } from '@hermes/model';

const FIELD_TYPES = choicesOf(FIELD_TYPE_LABELS);
const OBJECTS = LINKED_OBJECT_TYPES.map((name) => ({ id: name, name }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="linked_object_type" source="linked_object_type" label="Object" choices={OBJECTS} />,
];

const CustomFieldList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'ASC' }} perPage={50}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="name" label="Name" />
      <TextField source="machine_name" label="Machine name" />
      <TextField source="field_type" label="Type" />
      <TextField source="linked_object_type" label="Object" />
      <TextField source="hermes_field_name" label="Hermes field" />
      <TextField source="tc2_machine_name" label="TC2 machine name" />
      <TextField source="pd_field_id" label="Pipedrive field key" />
    </Datagrid>
  </List>
);

const CustomFieldForm = () => (
  <SimpleForm>
    <TextInput source="name" label="Name" validate={required()} />
    <TextInput source="machine_name" label="Machine name" helperText="Leave empty to use the name in lower case, with _ for spaces" />
    <SelectInput source="field_type" label="Type" choices={FIELD_TYPES} validate={required()} />
    <SelectInput source="linked_object_type" label="Object" choices={OBJECTS} validate={required()} />
    <TextInput source="hermes_field_name" label="Hermes field" helperText="The Hermes column holding the value, e.g. website" />
    <TextInput source="tc2_machine_name" label="TC2 machine name" helperText="The TC2 extra attribute holding the value" />
    <TextInput source="pd_field_id" label="Pipedrive field key" helperText="The 40-character key of the Pipedrive data field" fullWidth />
  </SimpleForm>
);

const CustomFieldEdit = () => (
  <Edit mutationMode="pessimistic">
    <CustomFieldForm />
  </Edit>
);

const CustomFieldCreate = () => (
  <Create redirect="list">
    <CustomFieldForm />
  </Create>
);

export const customFields = {
  list: CustomFieldList,
  edit: CustomFieldEdit,
  create: CustomFieldCreate,
  recordRepresentation: 'name',
  options: { label: 'Custom fields' },
};
