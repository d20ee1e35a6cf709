import { Admin } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { Dashboard } from './dashboard/Dashboard';

const dataProvider = simpleRestProvider('/admin-api');

// `ready` is what react-admin shows while the app has no resources yet; they arrive with the admin REST API.
export const App = () => (
  <Admin title="Hermes" dataProvider={dataProvider} dashboard={Dashboard} ready={Dashboard} disableTelemetry />
);
