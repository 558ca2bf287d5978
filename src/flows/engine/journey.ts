import { randomBytes } from 'node:crypto';
import { GatehouseError, isGatehouseError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import { realmSetting } from '../../domain/realms/model.ts';
import type { RealmRecord, Repositories } from '../../storage/ports.ts';

/** Where an execution stands in this journey (Keycloak's ExecutionStatus). */
export type ExecutionStatus = 'success' | 'attempted' | 'skipped' | 'challenged' | 'evaluated-true' | 'evaluated-false';

/** What a running journey remembers between requests; stored as JSON in the journey record. */
export interface JourneyState {
  clientId: string;
  /** The client's redirect_uri, for event details. */
  redirectUri: string | null;
  /** The top-level flow this journey runs (`browser`, `registration`, or a client override). */
  flowAlias: string;
  /** Keycloak's tab id: tells apart journeys of one browser in two tabs. */
  tabId: string;
  /** The execution id (or required-action alias) whose page is showing. */
  challenged: string | null;
  /** The username as the person typed it, shown again on the next page. */
  attemptedUsername: string | null;
  rememberMe: boolean;
  /** Set once a step identified the user. */
  userId: string | null;
  loginHint: string | null;
  /** The `kc_idp_hint` parameter. */
  idpHint: string | null;
  prompt: string | null;
  locale: string | null;
  executions: Record<string, ExecutionStatus>;
  /** Credential types used to authenticate so far (`password`, …), for conditions and `amr`. */
  credentials: string[];
  /** Step-owned state by execution id. */
  steps: Record<string, Record<string, unknown>>;
  /** Whether the flow itself succeeded; required actions may still be pending. */
  flowDone: boolean;
  /** Required actions finished in this journey, so that one never runs twice. */
  requiredActionsDone: string[];
  /** Every form of the journey carries it back; a POST without it is refused. */
  csrfToken: string;
}

/** A persisted journey: the record's identity and version, and its typed state. */
export interface Journey {
  id: string;
  realmId: string;
  version: number;
  expiresAt: number;
  state: JourneyState;
}

/** What the OIDC engine knows when a sign-in starts. */
export interface NewJourney {
  /** The journey's id, when the caller has one to tie it to (the OIDC interaction's); random otherwise. */
  id?: string;
  clientId: string;
  redirectUri?: string | null;
  /** Default: the realm's `browserFlow`. */
  flowAlias?: string;
  loginHint?: string | null;
  idpHint?: string | null;
  prompt?: string | null;
  locale?: string | null;
}

/** Keycloak keeps a sign-in open for `accessCodeLifespanLogin` after its last step. */
const expiry = (realm: RealmRecord, clock: Clock): number => clock.now() + realmSetting(realm, 'accessCodeLifespanLogin', 1800) * 1000;

/** Starts and stores a journey. Its id is 192 random bits: it travels in a cookie or URL. */
export async function startJourney(repos: Repositories, realm: RealmRecord, input: NewJourney, clock: Clock): Promise<Journey> {
  const journey: Journey = { ...newJourney(realm, input, clock), version: 1 };
  await repos.journeys.create({ ...journey, state: { ...journey.state } });
  return journey;
}

/**
 * A journey not stored yet (version 0): the first {@link saveJourney} inserts it. A sign-in
 * page that runs the flow at once and saves it after takes one write instead of two.
 */
export function newJourney(realm: RealmRecord, input: NewJourney, clock: Clock): Journey {
  const state: JourneyState = {
    clientId: input.clientId,
    redirectUri: input.redirectUri ?? null,
    flowAlias: input.flowAlias ?? realmSetting(realm, 'browserFlow', 'browser'),
    tabId: input.id ?? randomBytes(8).toString('base64url'),
    challenged: null,
    attemptedUsername: null,
    rememberMe: false,
    userId: null,
    loginHint: input.loginHint ?? null,
    idpHint: input.idpHint ?? null,
    prompt: input.prompt ?? null,
    locale: input.locale ?? null,
    executions: {},
    credentials: [],
    steps: {},
    flowDone: false,
    requiredActionsDone: [],
    csrfToken: randomBytes(24).toString('base64url'),
  };
  return { id: input.id ?? randomBytes(24).toString('base64url'), realmId: realm.id, version: 0, expiresAt: expiry(realm, clock), state };
}

/** The journey, or undefined when there is none or it expired (an expired one is removed). */
export async function loadJourney(repos: Repositories, realm: RealmRecord, id: string, clock: Clock): Promise<Journey | undefined> {
  const record = await repos.journeys.find(realm.id, id);
  if (!record) return undefined;
  if (record.expiresAt <= clock.now()) {
    await repos.journeys.delete(realm.id, id);
    return undefined;
  }
  return { id: record.id, realmId: record.realmId, version: record.version, expiresAt: record.expiresAt, state: record.state as unknown as JourneyState };
}

/**
 * Saves the journey's state and extends its expiry. Throws `GH_CONFLICT` when another request
 * saved it since it was loaded (a double submit, a second tab): the caller shows the page
 * again from the stored journey rather than let one request overwrite the other.
 */
export async function saveJourney(repos: Repositories, realm: RealmRecord, journey: Journey, clock: Clock): Promise<Journey> {
  const next: Journey = { ...journey, version: journey.version + 1, expiresAt: expiry(realm, clock) };
  const conflict = () => new GatehouseError('GH_CONFLICT', ['The sign-in page was submitted from elsewhere; it has been reloaded']);
  if (journey.version === 0) {
    // Not stored yet: another request for the same id may have stored it meanwhile.
    try {
      await repos.journeys.create({ ...next, state: { ...next.state } });
    } catch (error) {
      if (isGatehouseError(error, 'GH_CONFLICT')) throw conflict();
      throw error;
    }
    return next;
  }
  const saved = await repos.journeys.update({ ...next, state: { ...next.state } });
  if (!saved) throw conflict();
  return next;
}
