import { Datagrid, List, NumberField, ReferenceField, ReferenceInput, SearchInput, SelectInput, Show, SimpleShowLayout, TextField } from 'react-admin';
import { DEAL_STATUSES } from '@hermes/model';
import { ExternalLinks } from '../ExternalLinks';

const STATUSES = DEAL_STATUSES.map((status) => ({ id: status, name: status }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" label="Status" choices={STATUSES} />,
  <ReferenceInput key="pipeline_id" source="pipeline_id" reference="pipelines">
    <SelectInput label="Pipeline" />
  </ReferenceInput>,
  <ReferenceInput key="admin_id" source="admin_id" reference="admins">
    <SelectInput label="Owner" />
  </ReferenceInput>,
];

const DealList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="name" label="Name" />
      <TextField source="status" label="Status" />
      <ReferenceField source="company_id" reference="companies" label="Company" />
      <ReferenceField source="pipeline_id" reference="pipelines" label="Pipeline" link={false} />
      <ReferenceField source="stage_id" reference="stages" label="Stage" link={false} />
      <ReferenceField source="admin_id" reference="admins" label="Owner" link={false} />
    </Datagrid>
  </List>
);

const DealShow = () => (
  <Show>
    <SimpleShowLayout>
      <ExternalLinks />
      <TextField source="name" label="Name" />
      <TextField source="status" label="Status" />
      <ReferenceField source="company_id" reference="companies" label="Company" />
      <ReferenceField source="contact_id" reference="contacts" label="Contact" />
      <ReferenceField source="pipeline_id" reference="pipelines" label="Pipeline" />
      <ReferenceField source="stage_id" reference="stages" label="Stage" link={false} />
      <ReferenceField source="admin_id" reference="admins" label="Owner" />
      <NumberField source="pd_deal_id" label="Pipedrive deal ID" />
    </SimpleShowLayout>
  </Show>
);

export const deals = { list: DealList, show: DealShow, recordRepresentation: 'name', options: { label: 'Deals' } };
