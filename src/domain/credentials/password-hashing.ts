/**
 * Password hashing compatible with Keycloak 26: new hashes are argon2id with Keycloak's
 * defaults, and argon2 or PBKDF2 hashes imported from Keycloak exports verify as they are.
 * The stored shape is Keycloak's own (`secretData` / `credentialData` JSON strings), so
 * credentials move between the two servers without conversion.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hashRaw } from '@node-rs/argon2';
import type { Algorithm, Version } from '@node-rs/argon2';
import { GatehouseError } from '../../kernel/errors.ts';

/** Keycloak's `secretData`: the hash and salt, both standard base64. */
export interface PasswordSecretData { value: string; salt: string; additionalParameters: Record<string, string[]> }

/** Keycloak's `credentialData`: algorithm, iterations and (argon2) the other cost parameters. */
export interface PasswordCredentialData { hashIterations: number; algorithm: string; additionalParameters: Record<string, string[]> }

/** A stored password credential, as Keycloak keeps and exports it. */
export interface StoredPasswordHash { secretData: PasswordSecretData; credentialData: PasswordCredentialData }

/**
 * The hashing part of a realm's password policy (`hashAlgorithm`, `hashIterations`).
 * `iterations` undefined or -1 means the algorithm's default.
 */
export interface HashPolicy { algorithm: string; iterations?: number }

/** What a realm without a `hashAlgorithm` policy uses (Keycloak 26's default). */
export const defaultHashPolicy: HashPolicy = Object.freeze({ algorithm: 'argon2' });

/** Algorithm ids accepted in policies and stored credentials, as Keycloak names them. */
export const supportedHashAlgorithms: readonly string[] = Object.freeze(['argon2', 'pbkdf2-sha512', 'pbkdf2-sha256', 'pbkdf2']);

const SALT_BYTES = 16;
// Node rejects larger PBKDF2 iteration counts; larger stored counts can only be corrupt data.
const MAX_PBKDF2_ITERATIONS = 2 ** 31 - 1;
// Keycloak ignores argon2 iteration policies above this, treating them as meant for PBKDF2.
const ARGON2_MAX_POLICY_ITERATIONS = 100;
// 1 GiB, far above any real setting: a corrupt import must not make the native code allocate terabytes.
const ARGON2_MAX_MEMORY_KIB = 1024 * 1024;

const pbkdf2Async = promisify(pbkdf2);

interface Pbkdf2Variant { digest: string; iterations: number; keyLength: number }

// A Map, not an object literal, so ids like "constructor" cannot resolve to prototype members.
const PBKDF2_VARIANTS: ReadonlyMap<string, Pbkdf2Variant> = new Map([
  ['pbkdf2-sha512', { digest: 'sha512', iterations: 210_000, keyLength: 64 }],
  ['pbkdf2-sha256', { digest: 'sha256', iterations: 600_000, keyLength: 32 }],
  ['pbkdf2', { digest: 'sha1', iterations: 1_300_000, keyLength: 64 }],
]);

interface Argon2Params { type: string; version: string; iterations: number; memory: number; parallelism: number; hashLength: number }

const ARGON2_DEFAULTS: Readonly<Argon2Params> = Object.freeze({ type: 'id', version: '1.3', iterations: 5, memory: 7168, parallelism: 1, hashLength: 32 });
// The package's Algorithm/Version are const enums with no runtime object (and verbatimModuleSyntax
// forbids inlining them): values from its index.d.ts, pinned by the reference vectors in the tests.
const ARGON2_TYPES: ReadonlyMap<string, Algorithm> = new Map([['d', 0 as Algorithm], ['i', 1 as Algorithm], ['id', 2 as Algorithm]]);
const ARGON2_VERSIONS: ReadonlyMap<string, Version> = new Map([['1.0', 0 as Version], ['1.3', 1 as Version]]);

/**
 * Hashes a new password under the realm's policy (argon2id by default) with a fresh 16-byte
 * salt. Runs in libuv's thread pool, so the event loop stays free.
 * @throws GatehouseError `GH_UNSUPPORTED_HASH` when the policy names an unknown algorithm.
 */
export async function hashPassword(password: string, policy: HashPolicy = defaultHashPolicy): Promise<StoredPasswordHash> {
  const hashIterations = iterationsFor(policy);
  const salt = randomBytes(SALT_BYTES);
  const secretData = (hash: Buffer): PasswordSecretData =>
    ({ value: hash.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} });

  if (policy.algorithm === 'argon2') {
    const params: Argon2Params = { ...ARGON2_DEFAULTS, iterations: hashIterations };
    // Key order and string arrays as Keycloak writes them, so exports look the same.
    const additionalParameters = { hashLength: [String(params.hashLength)], memory: [String(params.memory)],
      type: [params.type], version: [params.version], parallelism: [String(params.parallelism)] };
    const hash = await argon2(password, salt, params);
    return { secretData: secretData(hash), credentialData: { hashIterations, algorithm: 'argon2', additionalParameters } };
  }
  const variant = pbkdf2Variant(policy.algorithm);
  const hash = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, hashIterations, variant.keyLength, variant.digest);
  return { secretData: secretData(hash), credentialData: { hashIterations, algorithm: policy.algorithm, additionalParameters: {} } };
}

/**
 * Checks a password against a stored hash, whichever supported algorithm made it. The
 * comparison is constant-time; a hash of unexpected length is simply a mismatch.
 * @throws GatehouseError `GH_UNSUPPORTED_HASH` for an unknown algorithm, `GH_INVALID_INPUT`
 * for stored data that cannot be a valid hash.
 */
export async function verifyPassword(password: string, stored: StoredPasswordHash): Promise<boolean> {
  const { algorithm } = stored.credentialData;
  const expected = decodeBase64(stored.secretData.value, 'secretData.value');
  const salt = decodeBase64(stored.secretData.salt, 'secretData.salt');
  let actual: Buffer;
  if (algorithm === 'argon2') {
    const params = argon2ParamsOf(stored.credentialData, expected.length, salt.length);
    // A different output length can never match; skip the (memory-hard) work.
    if (params.hashLength !== expected.length) return false;
    actual = await argon2(password, salt, params);
  } else {
    const variant = pbkdf2Variant(algorithm);
    const iterations = checkedIterations(stored.credentialData.hashIterations, MAX_PBKDF2_ITERATIONS);
    // Key length comes from the stored hash: older Keycloak wrote 64-byte pbkdf2-sha256 hashes.
    actual = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, expected.length, variant.digest);
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Whether a hash that just verified should be replaced by one made under the current policy:
 * different algorithm, iteration count, key length or (argon2) cost parameters. Returns false
 * for a policy naming an unknown algorithm, since there is nothing to rehash to and a sign-in
 * should not fail over it.
 */
export function needsRehash(stored: StoredPasswordHash, policy: HashPolicy = defaultHashPolicy): boolean {
  if (!supportedHashAlgorithms.includes(policy.algorithm)) return false;
  const { credentialData, secretData } = stored;
  if (credentialData.algorithm !== policy.algorithm || credentialData.hashIterations !== iterationsFor(policy)) return true;
  try {
    const valueLength = decodeBase64(secretData.value, 'secretData.value').length;
    if (policy.algorithm !== 'argon2') return valueLength !== pbkdf2Variant(policy.algorithm).keyLength;
    const params = argon2ParamsOf(credentialData, valueLength, decodeBase64(secretData.salt, 'secretData.salt').length);
    return params.memory !== ARGON2_DEFAULTS.memory || params.parallelism !== ARGON2_DEFAULTS.parallelism
      || params.hashLength !== ARGON2_DEFAULTS.hashLength || params.type !== ARGON2_DEFAULTS.type
      || params.version !== ARGON2_DEFAULTS.version;
  } catch {
    // Unreadable parameters are best replaced by fresh ones.
    return true;
  }
}

/**
 * Parses Keycloak's `secretData` and `credentialData` JSON strings and checks that they
 * describe a hash this module can verify. Missing `additionalParameters` (older exports) read as `{}`.
 * @throws GatehouseError `GH_INVALID_INPUT` when malformed, `GH_UNSUPPORTED_HASH` for an unknown algorithm.
 */
export function parseStoredPasswordHash(secretData: string, credentialData: string): StoredPasswordHash {
  const secret = parseObject(secretData, 'secretData');
  const credential = parseObject(credentialData, 'credentialData');
  const algorithm = stringField(credential, 'algorithm', 'credentialData');
  if (!supportedHashAlgorithms.includes(algorithm)) throw new GatehouseError('GH_UNSUPPORTED_HASH', [algorithm]);
  const stored: StoredPasswordHash = {
    secretData: { value: stringField(secret, 'value', 'secretData'), salt: stringField(secret, 'salt', 'secretData'),
      additionalParameters: parameterMap(secret.additionalParameters, 'secretData') },
    credentialData: { hashIterations: checkedIterations(credential.hashIterations, MAX_PBKDF2_ITERATIONS), algorithm,
      additionalParameters: parameterMap(credential.additionalParameters, 'credentialData') },
  };
  const value = decodeBase64(stored.secretData.value, 'secretData.value');
  const salt = decodeBase64(stored.secretData.salt, 'secretData.salt');
  if (algorithm === 'argon2') argon2ParamsOf(stored.credentialData, value.length, salt.length);
  return stored;
}

function iterationsFor(policy: HashPolicy): number {
  const requested = policy.iterations;
  // Policy parsing rejects nonsense upstream; anything that slips through means "default".
  const explicit = requested !== undefined && Number.isInteger(requested) && requested >= 1 && requested <= MAX_PBKDF2_ITERATIONS
    ? requested : undefined;
  if (policy.algorithm === 'argon2') {
    return explicit !== undefined && explicit <= ARGON2_MAX_POLICY_ITERATIONS ? explicit : ARGON2_DEFAULTS.iterations;
  }
  return explicit ?? pbkdf2Variant(policy.algorithm).iterations;
}

function pbkdf2Variant(algorithm: string): Pbkdf2Variant {
  const variant = PBKDF2_VARIANTS.get(algorithm);
  if (!variant) throw new GatehouseError('GH_UNSUPPORTED_HASH', [algorithm]);
  return variant;
}

function argon2(password: string, salt: Buffer, params: Argon2Params): Promise<Buffer> {
  return hashRaw(Buffer.from(password, 'utf8'), {
    algorithm: ARGON2_TYPES.get(params.type),
    version: ARGON2_VERSIONS.get(params.version),
    timeCost: params.iterations,
    memoryCost: params.memory,
    parallelism: params.parallelism,
    outputLen: params.hashLength,
    salt,
  });
}

/** Reads argon2 parameters, with Keycloak's defaults for missing ones; rejects what the library would. */
function argon2ParamsOf(data: PasswordCredentialData, valueLength: number, saltLength: number): Argon2Params {
  const param = (name: string): string | undefined => data.additionalParameters[name]?.[0];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = param(name);
    if (raw === undefined) return fallback;
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) throw invalid(`argon2 ${name} "${raw}" is not an integer from ${min} to ${max}`);
    return n;
  };
  const type = param('type') ?? ARGON2_DEFAULTS.type;
  const version = param('version') ?? ARGON2_DEFAULTS.version;
  if (!ARGON2_TYPES.has(type)) throw invalid(`argon2 type "${type}" is not one of id, i, d`);
  if (!ARGON2_VERSIONS.has(version)) throw invalid(`argon2 version "${version}" is not 1.3 or 1.0`);
  const parallelism = int('parallelism', ARGON2_DEFAULTS.parallelism, 1, 255);
  const params: Argon2Params = {
    type, version, parallelism,
    iterations: checkedIterations(data.hashIterations, 2 ** 32 - 1),
    memory: int('memory', ARGON2_DEFAULTS.memory, 8 * parallelism, ARGON2_MAX_MEMORY_KIB),
    hashLength: int('hashLength', valueLength, 4, 2 ** 32 - 1),
  };
  if (saltLength < 8) throw invalid('argon2 salt is shorter than 8 bytes');
  return params;
}

function checkedIterations(value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`hashIterations ${JSON.stringify(value)} is not an integer from 1 to ${max}`);
  }
  return value;
}

// Strict standard base64 with padding, as Java's Base64 encoder writes it; Buffer.from alone accepts anything.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: unknown, field: string): Buffer {
  if (typeof text !== 'string' || !BASE64.test(text)) throw invalid(`${field} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (field === 'secretData.value' && bytes.length === 0) throw invalid(`${field} is empty`);
  return bytes;
}

function parseObject(json: string, name: string): Record<string, unknown> {
  let parsed: unknown;
  try { parsed = JSON.parse(json); } catch { throw invalid(`${name} is not valid JSON`); }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(`${name} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

function stringField(object: Record<string, unknown>, key: string, name: string): string {
  const value = object[key];
  if (typeof value !== 'string') throw invalid(`${name}.${key} is missing or not a string`);
  return value;
}

function parameterMap(value: unknown, name: string): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  const bad = (): GatehouseError => invalid(`${name}.additionalParameters is not a map of string arrays`);
  if (typeof value !== 'object' || Array.isArray(value)) throw bad();
  const entries = Object.entries(value);
  if (!entries.every(([, list]) => Array.isArray(list) && list.every((item) => typeof item === 'string'))) throw bad();
  // fromEntries defines keys, so a "__proto__" key from JSON stays a plain key.
  return Object.fromEntries(entries.map(([key, list]) => [key, [...(list as string[])]]));
}

function invalid(reason: string): GatehouseError {
  return new GatehouseError('GH_INVALID_INPUT', [reason]);
}
