import { Admin, Resource } from 'react-admin';
import { Dashboard } from './dashboard/Dashboard';
import { LoginPage } from './login/LoginPage';
import { authProvider, dataProvider } from './providers';
import { admins } from './resources/admins';
import { companies } from './resources/companies';
import { config } from './resources/config';
import { contacts } from './resources/contacts';
import { customFields } from './resources/custom-fields';
import { deals } from './resources/deals';
import { meetings } from './resources/meetings';
import { pipelines } from './resources/pipelines';
import { stages } from './resources/stages';
import { syncJobs } from './resources/sync-jobs';
import { webhookLog } from './resources/webhook-log';

export const App = () => (
  <Admin
    title="Hermes"
    dataProvider={dataProvider}
    authProvider={authProvider}
    loginPage={LoginPage}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    <Resource name="companies" {...companies} />
    <Resource name="contacts" {...contacts} />
    <Resource name="deals" {...deals} />
    <Resource name="meetings" {...meetings} />
    <Resource name="admins" {...admins} />
    <Resource name="pipelines" {...pipelines} />
    <Resource name="stages" {...stages} />
    <Resource name="custom-fields" {...customFields} />
    <Resource name="config" {...config} />
    <Resource name="sync-jobs" {...syncJobs} />
    <Resource name="webhook-log" {...webhookLog} />
  </Admin>
);
