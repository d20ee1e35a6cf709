export * from './simulator';
export * from './recorded-requests.util';
export * from './pipedrive';
export * from './tc2';
export * from './google';
export * from './sandbox';
export * from './sandbox-demo';
