/**
 * Just enough MIME for the tests to read what Gatehouse sends: header unfolding, RFC 2047
 * encoded words, multipart bodies, quoted-printable and base64 parts, UTF-8 and Latin-1.
 */

export interface MimePart {
  /** Lower-cased names; the last value of a repeated header wins; encoded words decoded. */
  headers: Record<string, string>;
  contentType: string;
  /** The decoded body of a leaf part; '' for a multipart. */
  body: string;
  parts: MimePart[];
}

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function charsetOf(contentType: string): BufferEncoding {
  const charset = /charset="?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  return charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii' ? 'latin1' : 'utf8';
}

function decodeQuotedPrintable(text: string, charset: BufferEncoding): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString(charset);
}

/** Decodes `=?charset?B|Q?…?=` words; adjacent encoded words join without the space between them. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, kind: string, text: string) => {
      const encoding = charsetOf(`charset=${charset}`);
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString(encoding);
      return decodeQuotedPrintable(text.replace(/_/g, ' '), encoding);
    });
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

/** Parses one MIME entity (a whole message or one of its parts). */
export function parseMime(raw: string): MimePart {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const contentType = headers['content-type'] ?? 'text/plain; charset=us-ascii';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const parts = body
      .split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`))
      .slice(1)
      .filter((chunk) => chunk.trim() !== '')
      .map(parseMime);
    return { headers, contentType, body: '', parts };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const charset = charsetOf(contentType);
  const decoded =
    encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(charset)
    : encoding === 'quoted-printable' ? decodeQuotedPrintable(body, charset)
    : Buffer.from(body, 'latin1').toString(charset);
  // Line ends travel as CRLF; readers compare text with plain newlines.
  return { headers, contentType, body: decoded.replace(/\r\n/g, '\n'), parts: [] };
}

/** The first leaf part of this MIME type, depth first. */
export function findPart(part: MimePart, type: string): MimePart | undefined {
  if (part.parts.length === 0) return part.contentType.toLowerCase().startsWith(type) ? part : undefined;
  for (const child of part.parts) {
    const found = findPart(child, type);
    if (found) return found;
  }
  return undefined;
}
