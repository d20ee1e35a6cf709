import { ValidateBy, ValidationOptions } from 'class-validator';
import { parseTc2Date } from '../tc2-date.util';

/** An ISO date-time or epoch seconds, the two forms TC2 sends. */
export function IsTc2DateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTc2DateTime',
      validator: {
        validate: (value: unknown) => (typeof value === 'string' || typeof value === 'number') && parseTc2Date(value) !== null,
        defaultMessage: () => '$property must be an ISO date-time or epoch seconds',
      },
    },
    options,
  );
}
