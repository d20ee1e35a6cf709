/** @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "commonjs", "moduleResolution": "node"}} */
import type { Config } from 'jest';

const config: Config = {
  ...require('../../jest.preset.js'),
  displayName: 'sandbox',
  rootDir: __dirname,
};

export default config;
