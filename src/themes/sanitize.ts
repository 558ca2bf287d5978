/**
 * `kcSanitize`: the small HTML subset Keycloak lets through in texts it treats as HTML
 * (`loginTitleHtml`, `realm.displayNameHtml`, message summaries such as `termsText`).
 *
 * An allow-list rebuild, not a filter: every tag is re-emitted from what was recognised, every
 * attribute not listed is dropped, and everything else is escaped as text. A construct the
 * tokenizer misreads therefore ends up as visible text, never as markup.
 */

const ALLOWED = new Set(['b', 'i', 'em', 'strong', 'br', 'a', 'p', 'span']);
const VOID = new Set(['br']);
/** Elements whose content is code or must never show: dropped with everything inside. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'title', 'svg', 'math', 'xmp', 'noembed', 'noframes']);
const ENTITY = /^&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/;
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Returns `html` reduced to b, i, em, strong, br, p, span and a (http/https href only). */
export function kcSanitize(html: unknown): string {
  const input = html === null || html === undefined ? '' : String(html);
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '&') {
      const entity = ENTITY.exec(input.slice(i));
      out += entity ? entity[0] : '&amp;';
      i += entity ? entity[0].length : 1;
      continue;
    }
    if (c !== '<') {
      out += escapeChar(c);
      i++;
      continue;
    }
    const rest = input.slice(i);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      i += end < 0 ? rest.length : end + 3;
      continue;
    }
    const tag = TAG.exec(rest);
    if (!tag) {
      out += '&lt;';
      i++;
      continue;
    }
    i += tag[0].length;
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing) i = skipPast(input, i, name);
      continue;
    }
    if (!ALLOWED.has(name)) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      // Close what was opened inside it too, so the output stays well nested.
      for (const inner of open.splice(at).reverse()) out += `</${inner}>`;
    } else {
      out += `<${name}${attributes(name, tag[3] ?? '')}>`;
      if (!VOID.has(name)) open.push(name);
    }
  }
  for (const name of open.reverse()) out += `</${name}>`;
  return out;
}

/** Index after the closing tag of a dropped element, or the end when it never closes. */
function skipPast(input: string, from: number, name: string): number {
  const close = new RegExp(`</${name}\\s*>`, 'i').exec(input.slice(from));
  return close ? from + close.index + close[0].length : input.length;
}

function attributes(tag: string, source: string): string {
  let out = '';
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    if (tag === 'a' && name === 'href') {
      const href = urlAsBrowsersReadIt(decodeEntities(value));
      if (/^https?:\/\//i.test(href)) out += ` href="${escapeAttribute(href)}" rel="nofollow noopener noreferrer"`;
    } else if ((tag === 'span' || tag === 'p') && name === 'class' && /^[\w -]*$/.test(value)) {
      out += ` class="${value}"`;
    }
  }
  return out;
}

/**
 * What the URL parser sees: leading and trailing controls and blanks dropped, tabs and line
 * breaks removed anywhere, so that `java\tscript:` or ` javascript:` cannot pass as relative.
 */
function urlAsBrowsersReadIt(value: string): string {
  const chars = [...value].filter((ch) => ch !== '\t' && ch !== '\n' && ch !== '\r');
  const blank = (ch: string | undefined): boolean => ch !== undefined && ch.charCodeAt(0) <= 0x20;
  while (blank(chars[0])) chars.shift();
  while (blank(chars.at(-1))) chars.pop();
  return chars.join('');
}

/** Enough decoding to see through `&#106;avascript:` and friends before the scheme check. */
function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' };
  return value.replace(/&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

function escapeChar(c: string): string {
  return c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&#39;' : c;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
