import { Alert, Chip } from '@mui/material';
import { FunctionField, useRecordContext } from 'react-admin';
import { PD_REMOVAL_LABELS, SYNC_STATE_LABELS, type PdRemoval, type SyncState } from '@hermes/model';

interface CompanySync {
  pd_removed: PdRemoval | null;
  sync: { state: SyncState; error: string | null; synced_at: string | null; failed_at: string | null };
}

const COLOURS: Record<SyncState, 'success' | 'info' | 'error' | 'warning' | 'default'> = {
  'in-step': 'success',
  pending: 'info',
  failed: 'error',
  removed: 'warning',
  'not-synced': 'default',
};

/** A company deleted or merged away says which. */
const label = (company: CompanySync) => (company.pd_removed ? PD_REMOVAL_LABELS[company.pd_removed] : SYNC_STATE_LABELS[company.sync.state]);

/** The list's column: where the company stands with Pipedrive. */
export const SyncStatusField = ({ label: title = 'Pipedrive' }: { label?: string }) => (
  <FunctionField<CompanySync>
    label={title}
    render={(company) => <Chip size="small" color={COLOURS[company.sync.state]} label={label(company)} data-testid="sync-status" />}
  />
);

/** On a company's page: its sync status, the error of a sync that failed for good, when it last synced. */
export const SyncStatusPanel = () => {
  const company = useRecordContext<CompanySync>();
  if (!company?.sync) return null;
  const { state, error, synced_at, failed_at } = company.sync;
  const last = synced_at ? `Last synced ${new Date(synced_at).toLocaleString()}.` : 'Never synced yet.';
  if (state === 'failed') {
    return (
      <Alert severity="error" data-testid="sync-status-panel">
        Sync failed{failed_at ? ` on ${new Date(failed_at).toLocaleString()}` : ''}: {error}. {last} Retry it from Sync jobs once the cause is fixed.
      </Alert>
    );
  }
  return (
    <Alert severity={state === 'in-step' ? 'success' : 'info'} data-testid="sync-status-panel">
      {label(company)}. {last}
    </Alert>
  );
};
