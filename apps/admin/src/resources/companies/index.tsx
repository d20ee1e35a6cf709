import {
  BooleanField, BooleanInput, Datagrid, DateField, Edit, Labeled, List, NumberField, ReferenceField, ReferenceInput, ReferenceManyField,
  required, SearchInput, SelectInput, Show, SimpleForm, SimpleShowLayout, TextField, TextInput, UrlField,
} from 'react-admin';
import { choicesOf, PD_REMOVAL_LABELS, PRICE_PLAN_LABELS } from '@hermes/model';
import { ExternalLinks } from '../ExternalLinks';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';
import { PipedriveRemovedNotice } from './PipedriveState';
import { SyncStatusField, SyncStatusPanel } from './SyncStatus';
import { CompanyTimeline } from './Timeline';

export const PRICE_PLANS = choicesOf(PRICE_PLAN_LABELS);

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, website, TC2 or Pipedrive id" />,
  <SelectInput key="price_plan" source="price_plan" label="Price plan" choices={PRICE_PLANS} />,
  <ReferenceInput key="sales_person_id" source="sales_person_id" reference="admins" filter={{ is_sales_person: true }}>
    <SelectInput label="Sales person" />
  </ReferenceInput>,
  <ReferenceInput key="support_person_id" source="support_person_id" reference="admins" filter={{ is_support_person: true }}>
    <SelectInput label="Support person" />
  </ReferenceInput>,
  <BooleanInput key="narc" source="narc" label="NARC" />,
  <SelectInput key="pd_removed" source="pd_removed" label="Removed from Pipedrive" choices={choicesOf(PD_REMOVAL_LABELS)} />,
];

const CompanyList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="name" label="Name" />
      <TextField source="price_plan" label="Price plan" />
      <TextField source="tc2_status" label="TC2 status" />
      <TextField source="country" label="Country" />
      <ReferenceField source="sales_person_id" reference="admins" label="Sales person" link={false} />
      <NumberField source="paid_invoice_count" label="Paid invoices" />
      <DateField source="created" label="Created" />
      <SyncStatusField />
    </Datagrid>
  </List>
);

const CompanyShow = () => (
  <Show>
    <SimpleShowLayout>
      <PipedriveRemovedNotice />
      <SyncStatusPanel />
      <ExternalLinks />
      <TextField source="name" label="Name" />
      <TextField source="price_plan" label="Price plan" />
      <TextField source="tc2_status" label="TC2 status" />
      <NumberField source="tc2_agency_id" label="TC2 agency ID" />
      <NumberField source="tc2_cligency_id" label="TC2 cligency ID" />
      <NumberField source="pd_org_id" label="Pipedrive organisation ID" />
      <TextField source="country" label="Country" />
      <UrlField source="website" label="Website" />
      <NumberField source="paid_invoice_count" label="Paid invoices" />
      <TextField source="estimated_income" label="Estimated monthly income" />
      <TextField source="currency" label="Currency" />
      <ReferenceField source="sales_person_id" reference="admins" label="Sales person" />
      <ReferenceField source="support_person_id" reference="admins" label="Support person" />
      <ReferenceField source="bdr_person_id" reference="admins" label="BDR person" />
      <BooleanField source="has_booked_call" label="Has booked a call" />
      <BooleanField source="has_signed_up" label="Has signed up" />
      <BooleanField source="narc" label="NARC" />
      <TextField source="utm_source" label="UTM source" />
      <TextField source="utm_campaign" label="UTM campaign" />
      <DateField source="created" label="Created" showTime />
      <DateField source="email_confirmed_dt" label="Email confirmed" showTime />
      <DateField source="card_saved_dt" label="Card saved" showTime />
      <DateField source="pay0_dt" label="First payment" showTime />
      <ReferenceManyField reference="contacts" target="company_id" label="Contacts">
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="first_name" label="First name" />
          <TextField source="last_name" label="Last name" />
          <TextField source="email" label="Email" />
        </Datagrid>
      </ReferenceManyField>
      <ReferenceManyField reference="deals" target="company_id" label="Deals">
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="name" label="Name" />
          <TextField source="status" label="Status" />
          <ReferenceField source="stage_id" reference="stages" label="Stage" link={false} />
        </Datagrid>
      </ReferenceManyField>
      <Labeled label="Timeline" fullWidth>
        <CompanyTimeline />
      </Labeled>
    </SimpleShowLayout>
  </Show>
);

/** Any admin may be given a company; each must exist, which the API checks. */
const PersonInput = ({ source, label, optional = false }: { source: string; label: string; optional?: boolean }) => (
  <ReferenceInput source={source} reference="admins" sort={{ field: 'id', order: 'ASC' }}>
    <SelectInput label={label} validate={optional ? undefined : required()} emptyText={optional ? '(none)' : undefined} />
  </ReferenceInput>
);

/** What sales ops correct by hand; the rest comes from TC2 and Pipedrive. Saving queues the syncs it needs. */
const CompanyEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <TextInput source="name" label="Name" validate={required()} />
      <TextInput source="website" label="Website" />
      <SelectInput source="price_plan" label="Price plan" choices={PRICE_PLANS} validate={required()} />
      <PersonInput source="sales_person_id" label="Sales person" />
      <PersonInput source="support_person_id" label="Support person" optional />
      <PersonInput source="bdr_person_id" label="BDR person" optional />
      <BooleanInput source="narc" label="NARC" helperText="Not a real customer: removed from Pipedrive, its open deals lost" />
    </SimpleForm>
  </Edit>
);

export const companies = { list: CompanyList, show: CompanyShow, edit: CompanyEdit, recordRepresentation: 'name', options: { label: 'Companies' } };
