import type { Kysely } from 'kysely';
import * as initial from './0001-initial.ts';
import * as flowsSessionsEvents from './0002-flows-sessions-events.ts';
import * as emailOutbox from './0003-email-outbox.ts';
import * as actionTokens from './0004-action-tokens.ts';
import * as identityProviders from './0006-identity-providers.ts';
import * as adminClients from './0007-admin-clients.ts';
import * as adminEvents from './0008-admin-events.ts';
import * as webhooks from './0009-webhooks.ts';
import * as abuseDefence from './0010-abuse-defence.ts';
import * as preRegistrationHooks from './0011-pre-registration-hooks.ts';
import * as adminGaps from './0012-admin-gaps.ts';
import * as configRevisionTriggers from './0013-config-revision-triggers.ts';

export interface Migration {
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** Every migration, in the order they apply. Names never change once released. */
export const migrations: readonly Migration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0002-flows-sessions-events', up: flowsSessionsEvents.up },
  { name: '0003-email-outbox', up: emailOutbox.up },
  { name: '0004-action-tokens', up: actionTokens.up },
  { name: '0006-identity-providers', up: identityProviders.up },
  { name: '0007-admin-clients', up: adminClients.up },
  { name: '0008-admin-events', up: adminEvents.up },
  { name: '0009-webhooks', up: webhooks.up },
  { name: '0010-abuse-defence', up: abuseDefence.up },
  { name: '0011-pre-registration-hooks', up: preRegistrationHooks.up },
  { name: '0012-admin-gaps', up: adminGaps.up },
  { name: '0013-config-revision-triggers', up: configRevisionTriggers.up },
];
