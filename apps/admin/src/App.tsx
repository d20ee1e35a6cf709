import { Admin } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { Dashboard } from './dashboard/Dashboard';

const dataProvider = simpleRestProvider('/admin-api');

export const App = () => <Admin title="Hermes" dataProvider={dataProvider} dashboard={Dashboard} />;
