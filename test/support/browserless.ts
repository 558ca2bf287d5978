/**
 * A browser without a browser: follows redirects by hand, keeps cookies, reads and posts the
 * forms of Gatehouse's pages. For protocol tests that need the journey but not the rendering.
 */
export interface Visit {
  status: number;
  url: string;
  location?: string;
  html: string;
}

export class Browserless {
  private readonly cookies = new Map<string, string>();

  /** GETs a URL and follows redirects until a page answers or `stopAt` matches a redirect target. */
  async open(url: string, stopAt?: (location: string) => boolean): Promise<Visit> {
    return this.follow(await this.request(url), stopAt);
  }

  /** Submits the first form of a page (with its hidden inputs) plus `fields`. */
  async submit(page: Visit, fields: Record<string, string>, stopAt?: (location: string) => boolean): Promise<Visit> {
    const form = parseForm(page);
    const body = new URLSearchParams({ ...form.hidden, ...fields });
    return this.follow(await this.request(new URL(form.action, page.url).href, body), stopAt);
  }

  private async follow(first: Visit, stopAt?: (location: string) => boolean): Promise<Visit> {
    let visit = first;
    for (let hops = 0; visit.location && hops < 10; hops++) {
      const next = new URL(visit.location, visit.url).href;
      if (stopAt?.(next)) return { ...visit, location: next };
      visit = await this.request(next);
    }
    return visit;
  }

  private async request(url: string, body?: URLSearchParams): Promise<Visit> {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return { status: response.status, url, location: response.headers.get('location') ?? undefined, html: await response.text() };
  }
}

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** The first form's action and hidden inputs. */
export function parseForm(page: Visit): { action: string; hidden: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.html);
  if (!form) throw new Error(`no form on the page (status ${page.status}):\n${page.html.slice(0, 500)}`);
  const hidden: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) hidden[name] = decode(value);
  }
  return { action: decode(form[1]!), hidden };
}

/** The text of the element with this id (tags stripped), or undefined. */
export function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`, 'i').exec(html);
  return match ? decode(match[1]!.replace(/<[^>]+>/g, '')).trim() : undefined;
}
