/**
 * A browser's journey through the server's pages, without the browser: a cookie jar per
 * journey, redirects followed by hand (so that the client's callback is seen, not fetched), and
 * the page's form read from its HTML. The registration and login figures (bench/registration.ts)
 * both walk their journeys with these.
 */

/** Redirects one step of a journey may follow before it is taken for a loop. */
const MAX_HOPS = 10;

/**
 * The PKCE verifier and its S256 challenge from RFC 7636, appendix B. Every journey is its own
 * authorization request, so one pair serves them all.
 */
export const PKCE_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const PKCE_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** One answer of the server, read to the end. */
export interface Answer {
  url: string;
  status: number;
  /** The redirect's target, absolute. */
  location: string | undefined;
  body: string;
}

/** A form on a page: where it posts, and the hidden inputs it carries (the CSRF token among them). */
export interface PageForm {
  action: string;
  hidden: Record<string, string>;
}

/** Name → value, as one host sets them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
}

/**
 * One journey's browser: its own cookies, no SSO cookie from any other journey. Every step
 * follows redirects until a page answers or the next stop would be `callback`, the client's
 * redirect URI, which a real browser would hand to the client.
 */
export class Browser {
  private readonly jar = new CookieJar();

  constructor(private readonly callback: string) {}

  /** GET `url`, following redirects. */
  async open(url: string): Promise<Answer> {
    return this.follow(await this.request(url));
  }

  /** POSTs the form with its hidden inputs and `fields`, following redirects. */
  async submit(form: PageForm, fields: Record<string, string>): Promise<Answer> {
    return this.follow(await this.request(form.action, new URLSearchParams({ ...form.hidden, ...fields })));
  }

  private async request(url: string, form?: URLSearchParams): Promise<Answer> {
    const headers: Record<string, string> = { cookie: this.jar.header() };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', redirect: 'manual', headers, body: form });
    this.jar.keep(response);
    const location = response.headers.get('location');
    // Read to the end in every case, so that the connection goes back to the pool.
    const body = await response.text();
    return { url, status: response.status, location: location === null ? undefined : new URL(location, url).href, body };
  }

  private async follow(answer: Answer): Promise<Answer> {
    for (let hops = 0; answer.location !== undefined && !answer.location.startsWith(`${this.callback}?`); hops++) {
      if (hops === MAX_HOPS) throw new Error(`more than ${MAX_HOPS} redirects from ${answer.url}`);
      answer = await this.request(answer.location);
    }
    return answer;
  }
}

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The page's form that carries the CSRF token: its action and hidden inputs. `what` names the page in errors. */
export function pageForm(page: Answer, what: string): PageForm {
  if (page.status !== 200) throw new Error(`the ${what} page answered ${page.status} at ${page.url}: ${page.body.slice(0, 300)}`);
  for (const form of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if (!form[2]!.includes('csrf_token')) continue;
    const action = /\baction="([^"]*)"/i.exec(form[1]!)?.[1];
    if (action === undefined) continue;
    const hidden: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
      const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
      if (name !== undefined) hidden[name] = unescape(/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    return { action: new URL(unescape(action), page.url).href, hidden };
  }
  throw new Error(`no ${what} form on ${page.url} (status ${page.status}): ${page.body.slice(0, 300)}`);
}

/**
 * The authorization code of the redirect to the client's callback that ends a journey. Any
 * other end fails with what the page said (its first field error), `what` naming the journey.
 */
export function callbackCode(done: Answer, what: string): string {
  const code = done.location === undefined ? null : new URL(done.location).searchParams.get('code');
  if (code !== null) return code;
  const error = /id="input-error[^"]*"[^>]*>([\s\S]*?)</.exec(done.body)?.[1]?.trim();
  throw new Error(`${what} ended with ${done.status} at ${done.url}${error ? `: ${error}` : ''}${done.location ? ` → ${done.location}` : ''}`);
}
