import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useRecordContext } from 'react-admin';
import { WEBHOOK_VIA_LABELS, type WebhookVia } from '@hermes/model';
import { httpClient } from '../../providers';

interface TimelineEntry {
  id: string;
  at: string;
  direction: 'in' | 'out';
  system: 'tc2' | 'pipedrive';
  via: WebhookVia | null;
  object: string;
  action: string;
  external_id: string | null;
  fields: string[];
  outcome: string;
  detail: string | null;
}

const SYSTEMS = { tc2: 'TutorCruncher', pipedrive: 'Pipedrive' };

/**
 * What reached Hermes about the company (webhooks, changes the catch-up found) and what Hermes
 * wrote for it to Pipedrive and TC2, newest first: "why does Pipedrive show X?" in one table.
 */
export const CompanyTimeline = () => {
  const company = useRecordContext<{ id: number }>();
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!company) return;
    httpClient(`/admin-api/companies/${company.id}/timeline?limit=100`)
      .then(({ json }) => setEntries(json as TimelineEntry[]))
      .catch((error: Error) => setProblem(error.message));
  }, [company]);

  if (problem) return <Typography color="error">Could not load the timeline: {problem}</Typography>;
  if (!entries) return <Typography color="text.secondary">Loading the timeline…</Typography>;
  if (!entries.length) return <Typography color="text.secondary">Nothing has happened to this company yet.</Typography>;
  return (
    <Table size="small" aria-label="Timeline">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>What</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Fields</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Detail</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell>{new Date(entry.at).toLocaleString()}</TableCell>
            <TableCell>
              {entry.direction === 'in'
                ? `${SYSTEMS[entry.system]} → Hermes (${WEBHOOK_VIA_LABELS[entry.via ?? 'webhook']})`
                : `Hermes → ${SYSTEMS[entry.system]}`}
            </TableCell>
            <TableCell>
              {entry.object} {entry.action}
              {entry.external_id ? ` #${entry.external_id}` : ''}
            </TableCell>
            <TableCell>{entry.fields.join(', ')}</TableCell>
            <TableCell>{entry.outcome}</TableCell>
            <TableCell>{entry.detail}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
