import { Transform } from 'class-transformer';

/** Emptied text inputs arrive as '' (or whitespace): stored as null. */
export const EmptyToNull = () => Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));
