import type { FieldErrors } from './outcomes.ts';

/**
 * Thrown by a form action's `success` when the database refuses what validation allowed (a
 * username taken by a concurrent sign-up): the form flow rolls the transaction back and
 * shows the form again with these errors, instead of failing the request.
 */
export class FormFieldError extends Error {
  /**
   * @param afterRollback what to record once the transaction has rolled back (a REGISTER_ERROR
   *   event): inside the transaction it would be rolled back too, and on SQLite the store's one
   *   connection is the transaction's until it ends.
   */
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly afterRollback?: () => Promise<void>,
  ) {
    super('form field error');
    this.name = 'FormFieldError';
  }
}
