import { parseForm, type Visit } from '../../support/browserless.ts';

/**
 * A cookie-keeping HTTP client like the shared Browserless one, that also sends fixed
 * headers (an `X-Forwarded-For` a trusted proxy would add) and exposes response headers.
 */
export class HeaderClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  async open(url: string, stopAt?: (location: string) => boolean): Promise<Visit & { headers: Headers }> {
    let visit = await this.request(url);
    for (let hops = 0; visit.location && hops < 10; hops++) {
      const next = new URL(visit.location, visit.url).href;
      if (stopAt?.(next)) return { ...visit, location: next };
      visit = await this.request(next);
    }
    return visit;
  }

  /** POSTs the page's first form with its hidden fields and `fields`; does not follow redirects. */
  async post(page: Visit, fields: Record<string, string>): Promise<Visit & { headers: Headers }> {
    const form = parseForm(page);
    return this.request(new URL(form.action, page.url).href, new URLSearchParams({ ...form.hidden, ...fields }));
  }

  async request(url: string, body?: URLSearchParams): Promise<Visit & { headers: Headers }> {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    return { status: response.status, url, location: response.headers.get('location') ?? undefined, html: await response.text(), headers: response.headers };
  }
}
