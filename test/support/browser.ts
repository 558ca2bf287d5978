import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright-core drives it, no downloaded browser. */
export const chromiumPath = '/usr/bin/chromium';

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches headless Chromium. A missing browser fails the test with a message saying how to
 * install it; it never skips, in CI or elsewhere.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    const where = process.env.CI === 'true' ? 'CI must provide it' : 'install it with `apt-get install -y chromium`';
    throw new Error(`Browser tests need Chromium at ${chromiumPath}, which is missing: ${where}.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args });
}

/**
 * Chromium and a client's callback server on 127.0.0.1:`callbackPort` (answering 200 at
 * `/callback`), started before the file's tests and closed after them. Read `.browser` inside tests.
 */
export function useBrowserWithCallback(callbackPort: number): { browser: Browser } {
  const holder = {} as { browser: Browser };
  let callback: Server | undefined;
  before(async () => {
    holder.browser = await launchBrowser();
    callback = createServer((request, response) => {
      const found = request.url?.startsWith('/callback') === true;
      response.writeHead(found ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end(found ? 'signed in' : 'not found');
    });
    await new Promise<void>((resolve) => callback!.listen(callbackPort, '127.0.0.1', resolve));
  });
  after(async () => {
    await holder.browser?.close();
    await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
  });
  return holder;
}

/** A fresh authorization request's parameters with PKCE (S256): the query, its state and the code verifier. */
export function pkceAuthorization(clientId: string, redirectUri: string, extra: Record<string, string> = {}): { query: URLSearchParams; state: string; verifier: string } {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { query, state, verifier };
}
