import { ValidateBy, ValidationOptions } from 'class-validator';

/** A date after now. */
export function IsFuture(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFuture',
      validator: {
        validate: (value: unknown) => value instanceof Date && value.getTime() > Date.now(),
        defaultMessage: (args) => `${args?.property ?? 'the date'} must be in the future`,
      },
    },
    options,
  );
}
