import { Datagrid, DateField, FunctionField, List, NumberField, SelectInput, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { RetryAllButton, RetryButton } from './RetryButton';

const STATES = [
  { id: 'failed', name: 'Failed' },
  { id: 'pending', name: 'Pending (waiting, retrying or running)' },
];

const filters = [<SelectInput key="state" source="state" label="State" choices={STATES} alwaysOn />];

/** The error pg-boss kept for a failed job: usually `{ message, stack }`. */
export function errorMessage(error: unknown): string {
  if (error === null || error === undefined) return '';
  if (typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return typeof error === 'string' ? error : JSON.stringify(error);
}

const Json = ({ value }: { value: unknown }) => (
  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(value, null, 2)}</pre>
);

const SyncJobList = () => (
  <List filters={filters} sort={{ field: 'created_on', order: 'DESC' }} actions={<TopToolbar><RetryAllButton /></TopToolbar>}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" label="Job" />
      <TextField source="state" label="State" />
      <FunctionField label="Payload" render={(job: { data: unknown }) => JSON.stringify(job.data)} />
      <FunctionField label="Error" render={(job: { error: unknown }) => errorMessage(job.error)} />
      <NumberField source="retry_count" label="Attempts" />
      <DateField source="created_on" label="Queued" showTime />
      <DateField source="completed_on" label="Failed at" showTime />
      <RetryButton />
    </Datagrid>
  </List>
);

const SyncJobShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="id" label="Job id" />
      <TextField source="name" label="Job" />
      <TextField source="state" label="State" />
      <NumberField source="retry_count" label="Attempts" />
      <DateField source="created_on" label="Queued" showTime />
      <DateField source="started_on" label="Last started" showTime />
      <DateField source="completed_on" label="Failed at" showTime />
      <FunctionField label="Payload" render={(job: { data: unknown }) => <Json value={job.data} />} />
      <FunctionField label="Error" render={(job: { error: unknown }) => <Json value={job.error} />} />
      <RetryButton />
    </SimpleShowLayout>
  </Show>
);

export const syncJobs = { list: SyncJobList, show: SyncJobShow, options: { label: 'Sync jobs' } };
