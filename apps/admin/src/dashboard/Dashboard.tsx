import { Card, CardContent, CardHeader, Grid, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, Title, useGetList } from 'react-admin';
import { httpClient } from '../providers';
import { errorMessage } from '../resources/sync-jobs';

const one = { page: 1, perPage: 1 };

const Count = ({ resource, label, filter }: { resource: string; label: string; filter?: object }) => {
  const { total, isPending } = useGetList(resource, { pagination: one, filter });
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography color="text.secondary">{label}</Typography>
        <Typography variant="h4" data-testid={`count-${label}`}>
          {isPending ? '…' : (total ?? 0)}
        </Typography>
      </CardContent>
    </Card>
  );
};

const RecentFailures = () => {
  const { data } = useGetList<{ id: string; name: string; data: unknown; error: unknown }>('sync-jobs', {
    pagination: { page: 1, perPage: 5 },
    sort: { field: 'completed_on', order: 'DESC' },
    filter: { state: 'failed' },
  });
  if (!data?.length) return <Typography color="text.secondary">No failed sync jobs.</Typography>;
  return (
    <MuiList dense>
      {data.map((job) => (
        <ListItem key={job.id} component={Link} to={`/sync-jobs/${job.id}/show`}>
          <ListItemText primary={`${job.name} ${JSON.stringify(job.data)}`} secondary={errorMessage(job.error)} />
        </ListItem>
      ))}
    </MuiList>
  );
};

interface SyncHealth {
  drift: { found: number; healed: number };
  catchUp: { at: string; requests: number } | null;
  webhooks: { checkedAt: string; ok: boolean; repaired: string[]; problems: string[] } | null;
  pipedriveBudget: { left: number; at: string } | null;
  failedJobs: number;
}

const Figure = ({ label, value, detail }: { label: string; value: string; detail?: string }) => (
  <Grid size={{ xs: 6, md: 3 }}>
    <Card variant="outlined">
      <CardContent>
        <Typography color="text.secondary">{label}</Typography>
        <Typography variant="h5" data-testid={`health-${label}`}>
          {value}
        </Typography>
        {detail && <Typography variant="body2" color="text.secondary">{detail}</Typography>}
      </CardContent>
    </Card>
  </Grid>
);

/** Hermes with Pipedrive: drift the catch-up found and healed, its webhooks, the day's request budget, jobs failed. */
const SyncHealthPanel = () => {
  const [health, setHealth] = useState<SyncHealth | null>(null);
  useEffect(() => {
    httpClient('/admin-api/sync-health').then(({ json }) => setHealth(json as SyncHealth), () => setHealth(null));
  }, []);
  if (!health) return null;
  const { drift, catchUp, webhooks, pipedriveBudget, failedJobs } = health;
  return (
    <Grid container spacing={2}>
      <Figure
        label="Drift in the last 24 hours"
        value={`${drift.healed} healed of ${drift.found} found`}
        detail={catchUp ? `Last catch-up ${new Date(catchUp.at).toLocaleString()} (${catchUp.requests} requests)` : 'No catch-up has run yet'}
      />
      <Figure
        label="Pipedrive webhooks"
        value={!webhooks ? 'Not checked yet' : webhooks.ok ? 'Healthy' : 'Needs attention'}
        detail={webhooks ? [...webhooks.problems, ...webhooks.repaired].join('; ') || `Checked ${new Date(webhooks.checkedAt).toLocaleString()}` : undefined}
      />
      <Figure
        label="Pipedrive requests left today"
        value={pipedriveBudget ? String(pipedriveBudget.left) : 'Unknown'}
        detail={pipedriveBudget ? `As of ${new Date(pipedriveBudget.at).toLocaleString()}` : undefined}
      />
      <Figure label="Jobs failed" value={String(failedJobs)} />
    </Grid>
  );
};

/** Signed-in home: how much Hermes holds, and what needs attention. */
export const Dashboard = () => (
  <Card>
    <Title title="Hermes" />
    <CardHeader title="Hermes" subheader="TutorCruncher's sales integration" />
    <CardContent>
      <Grid container spacing={2}>
        {[
          ['companies', 'Companies'],
          ['contacts', 'Contacts'],
          ['deals', 'Deals'],
          ['meetings', 'Meetings'],
        ].map(([resource, label]) => (
          <Grid key={resource} size={{ xs: 6, md: 3 }}>
            <Count resource={resource} label={label} />
          </Grid>
        ))}
        <Grid size={{ xs: 6, md: 3 }}>
          <Count resource="sync-jobs" label="Failed sync jobs" filter={{ state: 'failed' }} />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Count resource="sync-jobs" label="Pending sync jobs" filter={{ state: 'pending' }} />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Count resource="webhook-log" label="Rejected webhooks" filter={{ outcome: 'rejected' }} />
        </Grid>
      </Grid>
      <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
        In step with Pipedrive
      </Typography>
      <SyncHealthPanel />
      <Typography variant="h6" sx={{ mt: 3 }}>
        Recent failures
      </Typography>
      <RecentFailures />
    </CardContent>
  </Card>
);
