export * from './pipedrive-sim.types';
export * from './pipedrive-simulator';
