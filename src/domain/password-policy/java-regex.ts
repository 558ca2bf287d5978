/**
 * Translates a Java regular expression (Keycloak's `regexPattern` policy) into a JavaScript
 * RegExp that matches the whole input, as Java's `Matcher.matches()` does.
 *
 * Handled: leading inline flags (`(?i)`, `(?s)`, `(?m)`; `u`, `U`, `d` are accepted and ignored),
 * Java's identity escapes (`\!`, `\@`, …), `\Q…\E`, `\A` `\z` `\Z`, `\h` `\v` `\R`, Java's
 * ASCII-only `\s`, POSIX and `java…` classes (`\p{Punct}`, `\p{javaLowerCase}`), Unicode
 * categories and scripts (`\p{Lu}`, `\p{IsLatin}`), `\x{…}`, `\e`, `\a`, octal `\0n`.
 * Approximated: possessive quantifiers and atomic groups become greedy / plain groups.
 * Refused (`PolicyConfigError`): nested classes and `&&` intersections, inline flags after the
 * start, comments mode `(?x)`, `\G`, `\X`, `\N{…}`, and anything JavaScript cannot compile.
 */
import { PolicyConfigError } from './types.ts';

const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const H_SPACE = ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000';
const V_SPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

// Class bodies (without brackets) for Java's named classes; POSIX ones are US-ASCII only in Java.
const NAMED_CLASSES: ReadonlyMap<string, string> = new Map([
  ['Lower', 'a-z'], ['Upper', 'A-Z'], ['ASCII', '\\x00-\\x7F'], ['Alpha', 'a-zA-Z'], ['Digit', '0-9'],
  ['Alnum', 'a-zA-Z0-9'], ['Punct', '!-\\/:-@\\[-`{-~'], ['Graph', '!-~'], ['Print', ' -~'], ['Blank', ' \\t'],
  ['Cntrl', '\\x00-\\x1F\\x7F'], ['XDigit', '0-9a-fA-F'], ['Space', JAVA_SPACE],
  ['javaLowerCase', '\\p{Lowercase}'], ['javaUpperCase', '\\p{Uppercase}'], ['javaDigit', '\\p{Nd}'],
  ['javaLetter', '\\p{L}'], ['javaLetterOrDigit', '\\p{L}\\p{Nd}'], ['javaAlphabetic', '\\p{Alphabetic}'],
  ['javaWhitespace', JAVA_SPACE + '\\x1C-\\x1F\\p{Zs}\\u2028\\u2029'],
  ['IsAlphabetic', '\\p{Alphabetic}'], ['IsLetter', '\\p{L}'], ['IsDigit', '\\p{Nd}'], ['IsUppercase', '\\p{Uppercase}'],
  ['IsLowercase', '\\p{Lowercase}'], ['IsWhite_Space', '\\p{White_Space}'], ['IsWhiteSpace', '\\p{White_Space}'],
  ['IsPunctuation', '\\p{P}'], ['IsControl', '\\p{Cc}'],
]);

const START = '(?<![\\s\\S])';
const END = '(?![\\s\\S])';
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

const unsupported = (what: string): PolicyConfigError => new PolicyConfigError(`Unsupported regular expression feature: ${what}`);

/** The class body for `\p{name}`: a named class, a Unicode category (`Lu`, `IsL`) or script (`IsLatin`). */
function propertyBody(name: string): string {
  const named = NAMED_CLASSES.get(name);
  if (named !== undefined) return named;
  if (/^Is[A-Z][a-z]?$/.test(name)) return `\\p{${name.slice(2)}}`;
  if (name.startsWith('Is')) return `\\p{Script=${name.slice(2)}}`;
  return `\\p{${name}}`;
}

/** Escapes a literal character for use outside (`inClass` false) or inside a class. */
function literal(char: string, inClass: boolean): string {
  if (SYNTAX.has(char) || (inClass && char === '-')) return `\\${char}`;
  return char;
}

/**
 * Compiles a Java pattern into a whole-input JavaScript RegExp.
 * @throws PolicyConfigError "Not a valid regular expression" or an unsupported-feature message.
 */
export function compileJavaRegex(java: string): RegExp {
  let source = java;
  let flags = '';
  for (let lead = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?\)/.exec(source); lead; lead = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?\)/.exec(source)) {
    const on = lead[1] ?? '';
    if (on.includes('x')) throw unsupported('comments mode (?x)');
    for (const flag of on) if ('ism'.includes(flag) && !flags.includes(flag)) flags += flag;
    source = source.slice(lead[0].length);
  }
  const out: string[] = [];
  let inClass = false;
  let classStart = false;
  let afterQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const wasQuantifier: boolean = afterQuantifier;
    afterQuantifier = false;
    const atClassStart = classStart;
    classStart = false;
    if (c === '\\') {
      i = escape(source, i, inClass, out);
      continue;
    }
    if (inClass) {
      if (c === ']' && !atClassStart) {
        out.push(']');
        inClass = false;
      } else if (c === ']') out.push('\\]'); // Java reads a "]" right after "[" or "[^" as a literal
      else if (c === '[') throw unsupported('nested character classes');
      else if (c === '&' && source[i + 1] === '&') throw unsupported('character class intersection (&&)');
      else out.push(c === '^' && atClassStart ? '\\^' : c);
      continue;
    }
    if (c === '[') {
      inClass = true;
      classStart = true;
      const negated = source[i + 1] === '^';
      out.push(negated ? '[^' : '[');
      if (negated) i++;
    } else if (c === ']' || c === '}') {
      out.push(`\\${c}`);
    } else if (c === '{') {
      const repeat = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      if (!repeat) throw new PolicyConfigError('Not a valid regular expression');
      out.push(repeat[0]);
      i += repeat[0].length - 1;
      afterQuantifier = true;
    } else if (c === '*' || c === '+' || c === '?') {
      // After a quantifier, "+" makes it possessive (dropped: greedy) and "?" lazy (kept).
      if (wasQuantifier && c === '+') continue;
      out.push(c);
      afterQuantifier = !wasQuantifier;
    } else if (c === '(' && source[i + 1] === '?') {
      const group = /^\(\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>|>)/.exec(source.slice(i));
      if (!group) throw unsupported('inline flags after the start of the pattern');
      out.push(group[0] === '(?>' ? '(?:' : group[0]);
      i += group[0].length - 1;
    } else {
      out.push(c);
    }
  }
  if (inClass) throw new PolicyConfigError('Not a valid regular expression');
  try {
    // Anchored at the very start and end even under (?m), as matches() is.
    return new RegExp(`${START}(?:${out.join('')})${END}`, `${flags}u`);
  } catch {
    throw new PolicyConfigError('Not a valid regular expression');
  }
}

/** Translates the escape at `source[at]` into `out`; returns the index of its last character. */
function escape(source: string, at: number, inClass: boolean, out: string[]): number {
  const next = source[at + 1];
  if (next === undefined) throw new PolicyConfigError('Not a valid regular expression');
  const rest = source.slice(at + 1);
  const cls = (body: string, negated = false): string => (inClass && !negated ? body : `[${negated ? '^' : ''}${body}]`);
  if (next === 'Q') {
    const end = source.indexOf('\\E', at + 2);
    const quoted = source.slice(at + 2, end === -1 ? undefined : end);
    out.push([...quoted].map((ch) => literal(ch, inClass)).join(''));
    return end === -1 ? source.length : end + 1;
  }
  if (next === 'p' || next === 'P') {
    const m = /^[pP](?:\{\^?([A-Za-z0-9_=]+)\}|([A-Za-z]))/.exec(rest);
    if (!m) throw new PolicyConfigError('Not a valid regular expression');
    const negated = next === 'P' || m[0].startsWith(`${next}{^`);
    const body = propertyBody(m[1] ?? m[2]!);
    if (negated && /^\\p\{[^}]+\}$/.test(body)) out.push(`\\P${body.slice(2)}`);
    else if (negated && inClass) throw unsupported(`negated class \\${m[0]} inside [...]`);
    else out.push(cls(body, negated));
    return at + m[0].length;
  }
  const simple: Record<string, () => string> = {
    s: () => cls(JAVA_SPACE), S: () => (inClass ? '\\S' : `[^${JAVA_SPACE}]`),
    h: () => cls(H_SPACE), H: () => { if (inClass) throw unsupported('\\H inside [...]'); return `[^${H_SPACE}]`; },
    v: () => cls(V_SPACE), V: () => { if (inClass) throw unsupported('\\V inside [...]'); return `[^${V_SPACE}]`; },
    R: () => { if (inClass) throw new PolicyConfigError('Not a valid regular expression'); return `(?:\\r\\n|[${V_SPACE}])`; },
    A: () => START, z: () => END, Z: () => `(?=(?:\\r\\n|[${V_SPACE}])?${END})`,
    e: () => '\\x1B', a: () => '\\x07',
  };
  const translate = Object.hasOwn(simple, next) ? simple[next] : undefined;
  if (translate) {
    out.push(translate());
    return at + 1;
  }
  const hexBrace = /^x\{([0-9a-fA-F]{1,6})\}/.exec(rest);
  if (hexBrace) return emit(out, `\\u{${hexBrace[1]}}`, at + hexBrace[0].length);
  const octal = /^0([0-3]?[0-7]{1,2})/.exec(rest);
  if (octal) return emit(out, `\\x${parseInt(octal[1]!, 8).toString(16).padStart(2, '0')}`, at + octal[0].length);
  const kept = /^(?:[dDwWbBtnrf]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|c[A-Za-z]|[1-9]\d*|k<[A-Za-z][A-Za-z0-9]*>)/.exec(rest);
  if (kept) return emit(out, `\\${kept[0]}`, at + kept[0].length);
  if (/[A-Za-z0-9]/.test(next)) throw next === 'G' || next === 'X' || next === 'N' ? unsupported(`\\${next}`) : new PolicyConfigError('Not a valid regular expression');
  out.push(literal(next, inClass));
  return at + 1;
}

function emit(out: string[], text: string, last: number): number {
  out.push(text);
  return last;
}
