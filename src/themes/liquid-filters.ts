/**
 * The filters templates get: messages, field errors and `kcSanitize`. They are registered once
 * per compiled theme and read the page's state from the render call's globals, under a symbol
 * that no template expression can name.
 */
import type { Context, Liquid } from 'liquidjs';
import type { FieldMessages } from './field-messages.ts';
import type { Messages } from './messages.ts';
import { kcSanitize } from './sanitize.ts';

/** What one render call hands its filters. */
export interface PageState {
  readonly messages: Messages;
  readonly fields: FieldMessages;
}

const STATE = Symbol('gatehouse.page');

/** Render-call globals carrying `state` to the filters. */
export function pageGlobals(state: PageState): object {
  return { [STATE]: state };
}

function state(context: Context): PageState {
  const found = (context.globals as Record<symbol, PageState | undefined>)[STATE];
  if (!found) throw new Error('theme filters used outside renderPage');
  return found;
}

/** Field names from filter input and arguments: `'username' | fieldError: 'password'`. */
function fields(first: unknown, rest: readonly unknown[]): string[] {
  return [first, ...rest].filter((f): f is string | number => typeof f === 'string' || typeof f === 'number').map(String);
}

/**
 * Registers, on `liquid`:
 * - `msg`: `{{ 'loginTitle' | msg: realm.displayName }}`, the key's text with `{0}`… filled;
 * - `advancedMsg`: `{{ attribute.displayName | advancedMsg }}`, resolves `${key}` references;
 * - `kcSanitize`: keeps a small safe HTML subset and is not escaped again (for `*Html` texts);
 * - `existsError`: `{% if 'username' | existsError: 'password' %}`, any of the fields has an error;
 * - `fieldError`: `{{ 'username' | fieldError }}`, the first error of the first field that has one;
 * - `fieldErrors`: `{% assign errs = 'password' | fieldErrors %}`, every error of one field.
 * Every text they return goes through the output escape like any other value, except
 * `kcSanitize`'s.
 */
export function registerThemeFilters(liquid: Liquid): void {
  liquid.registerFilter('msg', function (key: unknown, ...params: unknown[]) {
    return state(this.context).messages.msg(String(key ?? ''), ...params);
  });
  liquid.registerFilter('advancedMsg', function (text: unknown, ...params: unknown[]) {
    return state(this.context).messages.advancedMsg(String(text ?? ''), ...params);
  });
  liquid.registerFilter('kcSanitize', { handler: (html: unknown) => kcSanitize(html), raw: true });
  liquid.registerFilter('existsError', function (field: unknown, ...more: unknown[]) {
    return state(this.context).fields.existsError(...fields(field, more));
  });
  liquid.registerFilter('fieldError', function (field: unknown, ...more: unknown[]) {
    return state(this.context).fields.getFirstError(...fields(field, more));
  });
  liquid.registerFilter('fieldErrors', function (field: unknown) {
    return state(this.context).fields.get(String(field ?? ''));
  });
}
