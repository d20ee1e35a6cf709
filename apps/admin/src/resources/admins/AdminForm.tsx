import { AutocompleteInput, BooleanInput, email, NumberInput, required, SimpleForm, TextInput } from 'react-admin';
import { Typography } from '@mui/material';
import { ADMIN_JOB_FLAGS, ADMIN_ROLE_FLAG_LABELS, ADMIN_ROLE_FLAGS } from '@hermes/model';

// Every IANA zone the browser knows, plus UTC (not in that list) for admins set up with it.
const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => ({ id: zone, name: zone }));

const roleInputs = (flags: readonly (keyof typeof ADMIN_ROLE_FLAG_LABELS)[]) =>
  flags.map((flag) => <BooleanInput key={flag} source={flag} label={ADMIN_ROLE_FLAG_LABELS[flag]} />);

export const AdminForm = () => (
  <SimpleForm>
    <TextInput source="email" label="Email (their Google account)" type="email" validate={[required(), email()]} fullWidth />
    <TextInput source="first_name" label="First name" />
    <TextInput source="last_name" label="Last name" />
    <AutocompleteInput source="timezone" label="Time zone" choices={TIMEZONES} defaultValue="Europe/London" validate={required()} />
    <NumberInput source="tc2_admin_id" label="TC admin id" />
    <NumberInput source="pd_owner_id" label="Pipedrive owner ID" />
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Roles
    </Typography>
    {roleInputs(ADMIN_JOB_FLAGS)}
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Sells to
    </Typography>
    {roleInputs(ADMIN_ROLE_FLAGS.filter((flag) => !ADMIN_JOB_FLAGS.includes(flag)))}
  </SimpleForm>
);
