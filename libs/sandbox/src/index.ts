export * from './simulator';
export * from './pipedrive';
export * from './tc2';
export * from './google';
export * from './sandbox';
