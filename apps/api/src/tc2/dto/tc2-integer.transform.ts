import { Transform } from 'class-transformer';

/** A whole number TC2 may send as a string of digits (`"5001"`), as v2's parser accepted: read as the number. */
export const FromDigits = () => Transform(({ value }) => (typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : value));
