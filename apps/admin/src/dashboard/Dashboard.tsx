import { Card, CardContent, CardHeader, Grid, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { Link, Title, useGetList } from 'react-admin';
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
      <Typography variant="h6" sx={{ mt: 3 }}>
        Recent failures
      </Typography>
      <RecentFailures />
    </CardContent>
  </Card>
);
