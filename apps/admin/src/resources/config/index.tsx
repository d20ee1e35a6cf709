import { useEffect } from 'react';
import { Edit, Loading, NumberInput, ReferenceInput, regex, required, SelectInput, SimpleForm, TextInput, useGetList, useRedirect } from 'react-admin';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';

/** There is one Config row: the menu entry goes straight to editing it. */
const ConfigList = () => {
  const { data } = useGetList('config');
  const redirect = useRedirect();
  useEffect(() => {
    if (data?.[0]) redirect('edit', 'config', data[0].id);
  }, [data, redirect]);
  return <Loading />;
};

const hhmm = regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM, e.g. 09:30');

const PipelineInput = ({ source, label }: { source: string; label: string }) => (
  <ReferenceInput source={source} reference="pipelines">
    <SelectInput optionText="name" label={label} emptyText="(none)" />
  </ReferenceInput>
);

const ConfigEdit = () => (
  <Edit mutationMode="pessimistic" title="Config" redirect={false}>
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <NumberInput source="meeting_dur_mins" label="Meeting length (minutes)" validate={required()} />
      <NumberInput source="meeting_buffer_mins" label="Buffer before and after meetings (minutes)" validate={required()} />
      <TextInput source="meeting_min_start" label="Earliest meeting start (HH:MM, admin's time)" validate={[required(), hhmm]} />
      <TextInput source="meeting_max_end" label="Latest meeting end (HH:MM, admin's time)" validate={[required(), hhmm]} />
      <PipelineInput source="payg_pipeline_id" label="PAYG Pipeline" />
      <PipelineInput source="startup_pipeline_id" label="Startup Pipeline" />
      <PipelineInput source="enterprise_pipeline_id" label="Enterprise Pipeline" />
    </SimpleForm>
  </Edit>
);

export const config = { list: ConfigList, edit: ConfigEdit, options: { label: 'Config' } };
