import { Transform } from 'class-transformer';
import { Max } from 'class-validator';
import { DateTime } from 'luxon';

/** Ids arrive as numbers or, from the website's forms, as strings of digits; "" means none. */
export const IdField = () =>
  Transform(({ value }) => {
    if (value === '' || value === null) return undefined;
    return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  });

/** Free text: trimmed; an empty string means none (the website sends `website: ""`). */
export const OptionalText = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));

export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export const LowerCased = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value));

/** As v2 (Python's str.title()): "jane VAN dyke" → "Jane Van Dyke". */
export const TitleCased = () =>
  Transform(({ value }) =>
    typeof value === 'string' ? value.trim().toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()) : value,
  );

/** An ISO date-time; one without a zone is UTC (the website sends `toISOString()`). Invalid → left for the validator. */
export const UtcDateTime = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const parsed = DateTime.fromISO(value.trim(), { zone: 'utc' });
    return parsed.isValid ? parsed.toJSDate() : value;
  });

/** Hermes ids are Postgres `integer`s: anything larger names nothing (and must not reach the database). */
export const MAX_ID = 2_147_483_647;
export const IdMax = () => Max(MAX_ID, { message: ({ property }) => `${property} is not an id` });
