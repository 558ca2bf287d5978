import type { Kysely } from 'kysely';
import * as initial from './0001-initial.ts';
import * as flowsSessionsEvents from './0002-flows-sessions-events.ts';
import * as identityProviders from './0006-identity-providers.ts';

export interface Migration {
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** Every migration, in the order they apply. Names never change once released. */
export const migrations: readonly Migration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0002-flows-sessions-events', up: flowsSessionsEvents.up },
  { name: '0006-identity-providers', up: identityProviders.up },
];
