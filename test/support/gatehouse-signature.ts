import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The check a receiver of Gatehouse's signed calls (webhooks, pre-registration hooks) makes
 * on the `Gatehouse-Signature` header, as the README describes it: an HMAC-SHA256 of
 * `{t}.{body}` under the shared secret, and a timestamp within five minutes.
 */
export function validSignature(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}
