import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Emptied text inputs arrive as '' (or whitespace): stored as null. */
export const EmptyToNull = () => Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));

/**
 * May be left out, but not sent as null: its column is NOT NULL. class-validator's IsOptional
 * lets null through to the database, which refuses it with a 500.
 */
export const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);
