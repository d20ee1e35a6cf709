import { AutocompleteInput, BooleanInput, email, NumberInput, required, SimpleForm, TextInput } from 'react-admin';
import { Typography } from '@mui/material';

// Every IANA zone the browser knows, plus UTC (not in that list) for admins set up with it.
const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => ({ id: zone, name: zone }));

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
    <BooleanInput source="is_sales_person" label="Sales repr" />
    <BooleanInput source="is_support_person" label="Support repr (client manager)" />
    <BooleanInput source="is_bdr_person" label="BDR" />
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Sells to
    </Typography>
    <BooleanInput source="sells_payg" label="Sells PAYG" />
    <BooleanInput source="sells_startup" label="Sells startup" />
    <BooleanInput source="sells_enterprise" label="Sells enterprise" />
    <BooleanInput source="sells_us" label="Sells US" />
    <BooleanInput source="sells_gb" label="Sells GB" />
    <BooleanInput source="sells_au" label="Sells AU" />
    <BooleanInput source="sells_ca" label="Sells CA" />
    <BooleanInput source="sells_eu" label="Sells EU" />
    <BooleanInput source="sells_row" label="Sells ROW" />
  </SimpleForm>
);
