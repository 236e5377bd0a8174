import { ValidationError } from '../../constructs/core/validation';

/** the message of the ValidationError that `make` throws; fails the test if it throws none */
export function errorOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}
