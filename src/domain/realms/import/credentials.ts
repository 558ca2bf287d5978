import { isGatehouseError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { CredentialRecord } from '../../../storage/ports.ts';
import { PASSWORD } from '../../credentials/service.ts';
import { parseStoredPasswordHash } from '../../credentials/password-hashing.ts';
import { boolAt, importProblem, objectAt, stringAt } from './import-problem.ts';

/** A credential of an imported user: stored as given, or a plain password to hash first. */
export type ImportedCredential =
  | { kind: 'stored'; credential: Omit<CredentialRecord, 'userId'> }
  | { kind: 'plain'; password: string; temporary: boolean };

function number(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/** Checks a password hash the way sign-in will read it, naming the credential when it cannot be. */
function checkedPasswordHash(secretData: string, credentialData: string, path: string): void {
  try {
    parseStoredPasswordHash(secretData, credentialData);
  } catch (error) {
    if (isGatehouseError(error, 'GH_UNSUPPORTED_HASH')) throw importProblem(path, `unknown algorithm "${error.params[0]}"`);
    if (isGatehouseError(error, 'GH_INVALID_INPUT')) throw importProblem(path, error.message);
    throw error;
  }
}

/**
 * Reads one CredentialRepresentation in any of its layouts: Keycloak 11+'s `secretData` /
 * `credentialData` JSON strings, the older `hashedSaltedValue` / `salt` / `hashIterations` /
 * `algorithm` fields, or a plain `{type: "password", value, temporary}`. Password hashes
 * are checked here, so that a hash sign-in could not read fails the import.
 */
export function readCredential(raw: unknown, path: string): ImportedCredential {
  const rep = objectAt(raw, path);
  const type = stringAt(rep.type, `${path}.type`) ?? PASSWORD;
  const base = {
    id: newId(),
    type,
    userLabel: stringAt(rep.userLabel, `${path}.userLabel`) ?? null,
    createdDate: number(rep.createdDate, Date.now()),
    priority: number(rep.priority, 10),
  };
  const secretData = stringAt(rep.secretData, `${path}.secretData`);
  const credentialData = stringAt(rep.credentialData, `${path}.credentialData`);
  if (secretData !== undefined || credentialData !== undefined) {
    if (type === PASSWORD || type === 'password-history') checkedPasswordHash(secretData ?? '', credentialData ?? '', path);
    return { kind: 'stored', credential: { ...base, secretData: secretData ?? '{}', credentialData: credentialData ?? '{}' } };
  }
  const hashed = stringAt(rep.hashedSaltedValue, `${path}.hashedSaltedValue`);
  if (hashed !== undefined) {
    const legacySecret = JSON.stringify({ value: hashed, salt: stringAt(rep.salt, `${path}.salt`) ?? '', additionalParameters: {} });
    const legacyData = JSON.stringify({ hashIterations: number(rep.hashIterations, 0), algorithm: stringAt(rep.algorithm, `${path}.algorithm`) ?? 'pbkdf2-sha256', additionalParameters: {} });
    checkedPasswordHash(legacySecret, legacyData, path);
    return { kind: 'stored', credential: { ...base, secretData: legacySecret, credentialData: legacyData } };
  }
  const value = stringAt(rep.value, `${path}.value`);
  if (value === undefined) throw importProblem(path, 'has neither a value nor secretData');
  if (type === PASSWORD) return { kind: 'plain', password: value, temporary: boolAt(rep.temporary, `${path}.temporary`) ?? false };
  // An older OTP credential: the secret in `value`, its parameters beside it.
  const otpData = { subType: type === 'hotp' ? 'hotp' : 'totp', digits: number(rep.digits, 6), counter: number(rep.counter, 0), period: number(rep.period, 30), algorithm: stringAt(rep.algorithm, `${path}.algorithm`) ?? 'HmacSHA1' };
  return { kind: 'stored', credential: { ...base, type: 'otp', secretData: JSON.stringify({ value }), credentialData: JSON.stringify(otpData) } };
}
