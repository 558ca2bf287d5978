/**
 * The contract of a pre-registration hook (a Gatehouse extension): what it is sent about a
 * sign-up, and the decision it answers with. The same contract holds for an HTTP hook (JSON
 * body and answer) and for an in-process plugin (plain objects).
 */
import type { Attributes } from '../../storage/ports.ts';

/** What a hook learns about a sign-up. Never the password. */
export interface PreRegistration {
  type: 'PRE_REGISTRATION';
  realm: string;
  realmId: string;
  /** Epoch millis of the submission. */
  time: number;
  clientId: string | null;
  ipAddress: string | null;
  locale: string | null;
  user: {
    username: string | null;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    /** Every other profile attribute submitted, as the profile validated it. */
    attributes: Attributes;
  };
}

/** A hook's answer, checked. */
export type HookDecision =
  | { decision: 'allow'; attributes: Attributes; groups: string[] }
  | { decision: 'deny'; message: string | null; field: string | null };

/** Longest deny message shown on the form; longer ones are cut. */
export const MAX_DENY_MESSAGE = 500;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function attributesOf(value: unknown): Attributes | string {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return "'attributes' is not an object";
  const attributes: Attributes = {};
  for (const [name, raw] of Object.entries(value)) {
    if (typeof raw === 'string') attributes[name] = [raw];
    else if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) attributes[name] = raw as string[];
    else return `attribute '${name}' is not a string or an array of strings`;
  }
  return attributes;
}

function optionalText(value: unknown, name: string): string | null | { error: string } {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return { error: `'${name}' is not a string` };
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Checks a hook's answer: `{"decision":"allow"}` with optional `attributes` (name → string or
 * strings) and `groups` (group paths), or `{"decision":"deny"}` with an optional `message` and
 * `field`. Anything else is malformed, with the reason; unknown extra members are ignored.
 */
export function checkHookDecision(value: unknown): HookDecision | { malformed: string } {
  if (!isRecord(value)) return { malformed: 'the answer is not a JSON object' };
  if (value.decision === 'deny') {
    const message = optionalText(value.message, 'message');
    if (message !== null && typeof message === 'object') return { malformed: message.error };
    const field = optionalText(value.field, 'field');
    if (field !== null && typeof field === 'object') return { malformed: field.error };
    return { decision: 'deny', message: message === null ? null : message.slice(0, MAX_DENY_MESSAGE), field };
  }
  if (value.decision === 'allow') {
    const attributes = attributesOf(value.attributes);
    if (typeof attributes === 'string') return { malformed: attributes };
    const groups = value.groups ?? [];
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) return { malformed: "'groups' is not an array of strings" };
    return { decision: 'allow', attributes, groups: groups as string[] };
  }
  return { malformed: "'decision' is neither \"allow\" nor \"deny\"" };
}

/** Parses and checks an HTTP hook's response body. */
export function parseHookDecision(body: string): HookDecision | { malformed: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { malformed: 'the answer is not JSON' };
  }
  return checkHookDecision(value);
}
