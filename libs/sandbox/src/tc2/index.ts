export * from './tc2-payloads.util';
export * from './tc2-sim.types';
export * from './tc2-simulator';
