// Shared by every project's jest.config.ts: SWC transpiles (with decorator metadata for NestJS
// and TypeORM), `@hermes/*` resolve to libs, and one real Postgres serves the whole run.
const { join } = require('node:path');

const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: {
      legacyDecorator: true,
      decoratorMetadata: true,
      useDefineForClassFields: false,
      react: { runtime: 'automatic' },
    },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@hermes/(.*)$': join(__dirname, 'libs/$1/src/index.ts'),
  },
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/'],
  globalSetup: join(__dirname, 'libs/testing/src/global-setup.ts'),
  globalTeardown: join(__dirname, 'libs/testing/src/global-teardown.ts'),
};
