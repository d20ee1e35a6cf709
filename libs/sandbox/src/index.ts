export * from './simulator';
export * from './pipedrive';
