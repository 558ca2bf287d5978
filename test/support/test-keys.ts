import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { setRsaKeyPairSource } from '../../src/domain/keys/generate.ts';
import { repoRoot } from './repo-root.ts';

/**
 * Realms created by the tests take their RS256 key pairs from a pool of real 2048-bit keys kept
 * beside the tests' build, instead of generating each one: the suites create about 360 realms
 * each, and a key takes 0.1–0.3 s of CPU. Within one process every realm still gets a key of its
 * own (up to POOL_SIZE realms, then fresh keys); the pool fills as the tests generate keys.
 * Servers the tests start generate their own keys as always.
 */
const POOL_FILE = join(repoRoot, 'dist-test', 'test-rsa-keys.json');
const POOL_SIZE = 32;

const generate = promisify(generateKeyPair);
let installed = false;

/** Installs the pool as this process's source of RSA key pairs; calling it again does nothing. */
export function useTestKeyPool(): void {
  if (installed) return;
  installed = true;
  const pool = readPool();
  // A random starting point, so that processes running side by side do not all hand out the same keys first.
  const offset = Math.floor(Math.random() * POOL_SIZE);
  let taken = 0;
  setRsaKeyPairSource(async () => {
    if (taken < pool.length) {
      const privateKey = createPrivateKey(pool[(offset + taken++) % pool.length]!);
      return { privateKey, publicKey: createPublicKey(privateKey) };
    }
    taken++;
    const pair = await generate('rsa', { modulusLength: 2048 });
    addToPool(pair.privateKey);
    return pair;
  });
}

function readPool(): string[] {
  try {
    const keys = JSON.parse(readFileSync(POOL_FILE, 'utf8')) as unknown;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds a fresh key to the pool file while it is short; a write lost to a concurrent one only leaves it shorter. */
function addToPool(privateKey: KeyObject): void {
  const keys = readPool();
  if (keys.length >= POOL_SIZE) return;
  keys.push(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  mkdirSync(dirname(POOL_FILE), { recursive: true });
  const temporary = `${POOL_FILE}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(keys));
  renameSync(temporary, POOL_FILE);
}
