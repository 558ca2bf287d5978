/**
 * The dev outbox (`start-dev` only): the emails of realms without an SMTP server, newest
 * first, at `/dev/mail` as a page and at `/dev/mail.json` for scripts and tests. Not mounted
 * in production, where both paths answer 404 like any unknown path.
 */
import type { FastifyInstance } from 'fastify';
import type { EmailOutboxRecord, Store } from '../storage/ports.ts';

/** The most emails either view lists. */
const LIMIT = 100;

interface DevMail {
  id: string;
  realm: string;
  to: string;
  subject: string;
  /** ISO time it was written, and when it reached the outbox. */
  createdAt: string;
  sentAt: string;
  template: string;
  text: string;
  html: string;
}

async function devMails(store: Store): Promise<DevMail[]> {
  const [emails, realms] = await Promise.all([store.emailOutbox.list({ transport: 'dev', max: LIMIT }), store.realms.list()]);
  const names = new Map(realms.map((r) => [r.id, r.name]));
  return emails.map((e: EmailOutboxRecord) => ({
    id: e.id,
    realm: names.get(e.realmId) ?? e.realmId,
    to: e.recipient,
    subject: e.subject ?? '',
    createdAt: new Date(e.createdAt).toISOString(),
    sentAt: new Date(e.sentAt ?? e.createdAt).toISOString(),
    template: e.template,
    text: e.bodyText ?? '',
    html: e.bodyHtml ?? '',
  }));
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(mails: DevMail[]): string {
  const items = mails
    .map(
      (m) => `<article class="mail" id="mail-${escape(m.id)}">
<h2>${escape(m.subject)}</h2>
<p class="meta">To <strong class="to">${escape(m.to)}</strong> · realm ${escape(m.realm)} · <time datetime="${escape(m.sentAt)}">${escape(m.sentAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time> · ${escape(m.template)}</p>
<details open><summary>HTML</summary><iframe sandbox="" title="${escape(m.subject)} (HTML)" srcdoc="${escape(m.html)}"></iframe></details>
<details><summary>Text</summary><pre>${escape(m.text)}</pre></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev outbox · Gatehouse</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:860px;padding:16px;color:#1f2937}
.mail{border:1px solid #d1d5db;border-radius:8px;padding:12px 16px;margin:16px 0}
.mail h2{font-size:18px;margin:0 0 4px}.meta{color:#4b5563;margin:0 0 8px;font-size:14px}
iframe{width:100%;height:420px;border:1px solid #e5e7eb;border-radius:4px;background:#fff}
pre{white-space:pre-wrap;background:#f9fafb;padding:8px;border-radius:4px}
</style></head>
<body><h1>Dev outbox</h1>
<p>Emails of realms without an SMTP server, newest first (${mails.length}). Development mode only; as JSON at <a href="/dev/mail.json">/dev/mail.json</a>.</p>
${mails.length === 0 ? '<p class="empty">No emails yet.</p>' : items}
</body></html>`;
}

/** Mounts `/dev/mail` and `/dev/mail.json`; call only in dev mode. */
export function devMailRoutes(app: FastifyInstance, store: Store): void {
  app.get('/dev/mail.json', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.type('application/json').send(JSON.stringify(await devMails(store)));
  });
  app.get('/dev/mail', async (_request, reply) => {
    // The emails' HTML runs in sandboxed frames without scripts; the page itself needs none either.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'; frame-ancestors 'none'");
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type('text/html; charset=utf-8').send(page(await devMails(store)));
  });
}
