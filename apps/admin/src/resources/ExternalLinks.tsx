import { Button, Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** Buttons to the record in Pipedrive and TC2, from the `pd_url` and `tc2_url` the API adds. */
export const ExternalLinks = () => {
  const record = useRecordContext<{ pd_url?: string | null; tc2_url?: string | null }>();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={1}>
      {record.pd_url && (
        <Button variant="outlined" size="small" href={record.pd_url} target="_blank" rel="noreferrer">
          Open in Pipedrive
        </Button>
      )}
      {record.tc2_url && (
        <Button variant="outlined" size="small" href={record.tc2_url} target="_blank" rel="noreferrer">
          Open in TutorCruncher
        </Button>
      )}
    </Stack>
  );
};
