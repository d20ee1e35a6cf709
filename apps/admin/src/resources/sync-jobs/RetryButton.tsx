import { Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh } from 'react-admin';
import { httpClient } from '../../providers';

/** Puts a failed job back in its queue. */
export const RetryButton = () => {
  const job = useRecordContext<{ id: string; state: string }>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!job || job.state !== 'failed') return null;
  const retry = async (event: React.MouseEvent) => {
    event.stopPropagation();
    setBusy(true);
    try {
      await httpClient(`/admin-api/sync-jobs/${job.id}/retry`, { method: 'POST', body: '{}' });
      notify('Job queued to run again', { type: 'success' });
      refresh();
    } catch (error) {
      notify(`Could not retry: ${(error as Error).message}`, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" variant="outlined" onClick={retry} disabled={busy}>
      Retry
    </Button>
  );
};

/** Puts every failed job back in its queue. */
export const RetryAllButton = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const retryAll = async () => {
    const { json } = await httpClient('/admin-api/sync-jobs/retry-failed', { method: 'POST', body: '{}' });
    notify(`${(json as { retried: number }).retried} failed jobs queued to run again`, { type: 'success' });
    refresh();
  };
  return (
    <Button size="small" onClick={retryAll}>
      Retry all failed
    </Button>
  );
};
