/**
 * What a journey hands back to the HTTP glue: a page to show, an authenticated user, or an
 * error page. Pages carry message keys, never finished text, so that the theme translates them.
 */

import type { UserRecord } from '../../storage/ports.ts';

/** A POSTed form as the HTTP layer parsed it. */
export interface FormInput {
  [field: string]: string | string[] | undefined;
}

/** One message under a field: a message key, or a key with its `{n}` parameters. */
export type FieldMessage = string | { key: string; params: string[] };

/** Messages by field name (Keycloak's `messagesPerField`). */
export type FieldErrors = Record<string, FieldMessage[]>;

/** The box above a form: a message key with its `{n}` parameters, translated by the renderer. */
export interface PageMessage {
  type: 'error' | 'warning' | 'success' | 'info';
  key: string;
  params?: string[];
}

/**
 * A theme page to render. `data` holds the template attributes: `login`, `realm`,
 * `fieldErrors` (pass as `messagesPerField`), `message`, and `execution` with
 * `loginActionEndpoint`, from which the caller builds `url.loginAction`.
 */
export type Page = { template: string; status?: number; data: Record<string, unknown> };

/** The result of one call into a journey. */
export type FlowOutcome =
  /** Show this, then call again with the form POSTed to `data.execution`. */
  | { kind: 'page'; page: Page }
  | {
      kind: 'authenticated';
      userId: string;
      /** The user as this call last read it, when nothing in the call changed them since: callers need not read them again. */
      user?: UserRecord;
      rememberMe: boolean;
      amr: string[];
      acr: string;
    }
  /** The journey cannot continue. */
  | { kind: 'error'; page: Page };

/** A form submitted to the page of one execution (or required action, by alias). */
export interface Submission {
  execution: string;
  form: FormInput;
}

/** Keycloak's error.ftl page with one message. */
export function errorPage(key: string, params: string[] = [], status = 400): Page {
  return { template: 'error.liquid', status, data: { message: { type: 'error', key, params } satisfies PageMessage } };
}

/** A single form value; a repeated field counts as its first value. */
export function formValue(form: FormInput, field: string): string {
  const value = form[field];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
