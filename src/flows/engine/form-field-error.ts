import type { FieldErrors } from './outcomes.ts';

/**
 * Thrown by a form action's `success` when the database refuses what validation allowed (a
 * username taken by a concurrent sign-up): the form flow rolls the transaction back and
 * shows the form again with these errors, instead of failing the request.
 */
export class FormFieldError extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super('form field error');
    this.name = 'FormFieldError';
  }
}
