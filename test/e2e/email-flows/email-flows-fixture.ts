import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pkceAuthorization, useBrowserWithCallback } from '../../support/browser.ts';
import { useGatehouseServer, type RunningServer } from '../../support/gatehouse-server.ts';
import type { SeedRealm } from '../../support/seed.ts';
import { freePort } from '../../support/server-process.ts';
import { startSmtpSink, type CapturedMail, type SmtpSink } from '../../support/smtp-sink.ts';

/**
 * What the email-flow tests share: an SMTP sink the realms send to, a Gatehouse server, Chromium
 * with the client's callback, and the client `web` (public, PKCE) in every realm.
 */
export interface EmailFlowsFixture {
  server: RunningServer;
  sink: SmtpSink;
  chromium: { browser: Browser };
  redirectUri: string;
  /** A fresh browser context, closed after the file's tests. */
  newContext(): Promise<BrowserContext>;
  /** A page on the sign-in page of a new authorization request; returns the PKCE verifier too. */
  openLogin(realm: string, context?: BrowserContext): Promise<{ page: Page; verifier: string }>;
  /** Waits until the browser is back at the client; exchanges the code and returns the ID token's claims. */
  backAtClient(page: Page, realm: string, verifier: string): Promise<Record<string, unknown>>;
  /** The first email to `address` (already arrived or arriving). */
  mailTo(address: string, timeoutMs?: number): Promise<CapturedMail>;
}

export const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Saves a full-page screenshot under `screenshots/` beside these tests, for looking at the pages. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url)), fullPage: true });
}

/** The action-token link in an email's text part. */
export function linkIn(mail: CapturedMail): string {
  const found = /https?:\/\/\S+\/login-actions\/action-token\?[^\s<>"]+/.exec(mail.text);
  assert.ok(found, `a link in the email: ${mail.text.slice(0, 400)}`);
  return found[0];
}

/** The main text of a page (heading and content), without the language picker and footer. */
export async function pageText(page: Page): Promise<string> {
  return (await page.locator('main, body').first().innerText()).replace(/\s+/g, ' ').trim();
}

export async function useEmailFlows(seeds: (sink: SmtpSink, redirectUri: string) => SeedRealm[]): Promise<EmailFlowsFixture> {
  const sink = await startSmtpSink();
  const callbackPort = await freePort();
  const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
  const server = useGatehouseServer(seeds(sink, redirectUri));
  const chromium = useBrowserWithCallback(callbackPort);
  const contexts: BrowserContext[] = [];
  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await sink.stop();
  });

  const fixture: EmailFlowsFixture = {
    server,
    sink,
    chromium,
    redirectUri,
    async newContext() {
      const context = await chromium.browser.newContext();
      contexts.push(context);
      return context;
    },
    async openLogin(realm, context) {
      const page = await (context ?? (await fixture.newContext())).newPage();
      const auth = pkceAuthorization('web', redirectUri);
      const response = await page.goto(`${server.baseUrl}/realms/${realm}/protocol/openid-connect/auth?${auth.query}`);
      assert.equal(response?.status(), 200, `the sign-in page: ${page.url()}`);
      return { page, verifier: auth.verifier };
    },
    async backAtClient(page, realm, verifier) {
      await page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 15_000 }).catch(async () => {
        throw new Error(`not back at the client; at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 600)}`);
      });
      const code = new URL(page.url()).searchParams.get('code') ?? '';
      const response = await fetch(`${server.baseUrl}/realms/${realm}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'web', code, redirect_uri: redirectUri, code_verifier: verifier }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200, JSON.stringify(body));
      return decodeJwt(String(body.id_token)) as Record<string, unknown>;
    },
    mailTo(address, timeoutMs = 20_000) {
      return sink.waitForMail((m) => m.to.includes(address), timeoutMs);
    },
  };
  return fixture;
}

/** The client every realm of these tests has. */
export const webClient = (redirectUri: string) => ({ clientId: 'web', publicClient: true, redirectUris: [redirectUri], baseUrl: 'http://127.0.0.1/app', attributes: { 'pkce.code.challenge.method': 'S256' } });
