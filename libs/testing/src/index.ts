export * from './test-database';
export * from './test-database-server';
export * from './browser';
export * from './until';
export * from './custom-fields.fixture';
export * from './seed';
