import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pkceAuthorization, useBrowserWithCallback } from '../../support/browser.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { freePort } from '../../support/server-process.ts';
import { adminCall, masterAdminToken, readFixture } from './fixtures.ts';

const callbackPort = await freePort();
const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
const server = useGatehouseServer([]);
const chromium = useBrowserWithCallback(callbackPort);

/** Imports a fixture through the Admin API, with one more public client for the browser to sign in through. */
async function importWithClient(file: string): Promise<string> {
  const rep = readFixture(file) as Record<string, unknown>;
  rep.clients = [...(rep.clients as unknown[]), { clientId: 'browser-test', publicClient: true, standardFlowEnabled: true, redirectUris: [redirectUri] }];
  const token = await masterAdminToken(server.baseUrl);
  const created = await adminCall(server.baseUrl, token, 'POST', '', rep);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return String(rep.realm);
}

describe('imported users on the sign-in page', () => {
  for (const [file, username, password] of [
    ['lakekeeper__lakekeeper__access-control-simple-realm.json', 'peter', 'iceberg'],
    ['jhipster__jhipster-sample-app-oauth2__jhipster-realm.json', 'admin', 'admin'],
  ] as const) {
    it(`signs ${username} in with the old password through the imported browser flow (${file.split('__')[0]})`, { timeout: 120_000 }, async () => {
      const realm = await importWithClient(file);
      const context = await chromium.browser.newContext();
      try {
        const page = await context.newPage();
        const { query } = pkceAuthorization('browser-test', redirectUri);
        const response = await page.goto(`${server.baseUrl}/realms/${realm}/protocol/openid-connect/auth?${query}`);
        assert.equal(response?.status(), 200);
        await page.getByLabel('Username or email').fill(username);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Sign In' }).click();
        await page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 15_000 });
        assert.ok(new URL(page.url()).searchParams.get('code'), 'the client gets a code');
      } finally {
        await context.close();
      }
    });
  }
});
