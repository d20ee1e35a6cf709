import { Datagrid, Edit, List, NumberField, ReferenceField, ReferenceInput, SelectInput, SimpleForm, TextField, TextInput, useRecordContext } from 'react-admin';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';

const PipelineList = () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="name" label="Name" />
      <NumberField source="pd_pipeline_id" label="Pipedrive pipeline ID" />
      <ReferenceField source="dft_entry_stage_id" reference="stages" label="Default entry stage" link={false} />
    </Datagrid>
  </List>
);

/** Only this pipeline's own stages are offered. */
const EntryStageInput = () => {
  const pipeline = useRecordContext();
  return (
    <ReferenceInput source="dft_entry_stage_id" reference="stages" filter={{ pipeline_id: pipeline?.id }} sort={{ field: 'id', order: 'ASC' }}>
      <SelectInput optionText="name" label="Default entry stage" helperText="The stage new deals in this pipeline start at" emptyText="(none)" />
    </ReferenceInput>
  );
};

const PipelineEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <TextInput source="name" label="Name (from Pipedrive)" disabled />
      <EntryStageInput />
    </SimpleForm>
  </Edit>
);

export const pipelines = { list: PipelineList, edit: PipelineEdit, recordRepresentation: 'name', options: { label: 'Pipelines' } };
