import { Datagrid, List, NumberField, ReferenceField, ReferenceInput, SearchInput, SelectInput, TextField } from 'react-admin';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="pipeline_id" source="pipeline_id" reference="pipelines">
    <SelectInput optionText="name" label="Pipeline" />
  </ReferenceInput>,
];

/** Read-only: stages come from Pipedrive. */
const StageList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'ASC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="name" label="Name" />
      <NumberField source="pd_stage_id" label="Pipedrive stage ID" />
      <ReferenceField source="pipeline_id" reference="pipelines" label="Pipeline" link={false} emptyText="(not yet synced)" />
    </Datagrid>
  </List>
);

export const stages = { list: StageList, recordRepresentation: 'name', options: { label: 'Stages' } };
