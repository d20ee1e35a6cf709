/** @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "commonjs", "moduleResolution": "node"}} */
import type { Config } from 'jest';

// `npm test` runs every project; `npx jest --selectProjects api` runs one.
const config: Config = {
  projects: ['<rootDir>/apps/api', '<rootDir>/libs/database', '<rootDir>/libs/sandbox', '<rootDir>/libs/testing'],
  maxWorkers: 2,
  testTimeout: 30_000,
};

export default config;
