export * from './record-values';
export * from './admin-roles';
