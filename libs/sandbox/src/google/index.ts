export * from './google-sim.types';
export * from './google-calendar-simulator';
export * from './google-sign-in-simulator';
