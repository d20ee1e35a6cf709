import { SaveButton, Toolbar } from 'react-admin';

/** For records that can be edited but not deleted (Config, Pipelines). */
export const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);
