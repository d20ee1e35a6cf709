import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh } from 'react-admin';
import { PD_REMOVAL_LABELS, type PdRemoval } from '@hermes/model';
import { httpClient } from '../../providers';

interface CompanyState {
  id: number;
  pd_removed: PdRemoval | null;
  pd_removed_at: string | null;
}

/**
 * On a company whose organization was deleted or merged away in Pipedrive: why it is no longer
 * synced, and a button that puts it back (its next sync finds or makes its organization).
 */
export const PipedriveRemovedNotice = () => {
  const company = useRecordContext<CompanyState>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!company?.pd_removed) return null;
  const restore = async () => {
    setBusy(true);
    try {
      await httpClient(`/admin-api/companies/${company.id}/restore`, { method: 'POST', body: '{}' });
      notify('Restored: the company will be synced to Pipedrive again', { type: 'success' });
      refresh();
    } catch (error) {
      notify(`Could not restore: ${(error as Error).message}`, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const since = company.pd_removed_at ? ` on ${new Date(company.pd_removed_at).toLocaleString()}` : '';
  return (
    <Alert
      severity="warning"
      action={
        <Button color="inherit" size="small" onClick={restore} disabled={busy}>
          Restore to Pipedrive
        </Button>
      }
    >
      {PD_REMOVAL_LABELS[company.pd_removed]}
      {since}: Hermes keeps the company and its TC2 link, but no longer syncs it to Pipedrive.
    </Alert>
  );
};
