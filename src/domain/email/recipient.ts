import { GatehouseError } from '../../kernel/errors.ts';

/**
 * A mailbox address as forms accept it: one `@`, no spaces, no line breaks, no angle brackets
 * or commas (which would add a second recipient in a header).
 */
const ADDRESS = /^[^\s@<>,;"()[\]\\]+@[^\s@<>,;"()[\]\\]+$/u;

/** Whether `address` is one plain mailbox that is safe to put in a header. */
export function isValidRecipient(address: string): boolean {
  return address.length <= 320 && ADDRESS.test(address);
}

/** Throws `GH_INVALID_INPUT` unless `address` is one plain mailbox. */
export function assertValidRecipient(address: string): void {
  if (!isValidRecipient(address)) throw new GatehouseError('GH_INVALID_INPUT', ['invalid email recipient']);
}
