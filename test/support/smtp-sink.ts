import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { findPart, parseMime } from './mime.ts';

/** One message as the sink received it; `text` and `html` are the decoded bodies. */
export interface CapturedMail {
  /** The From header, decoded (e.g. `"Gatehouse" <noreply@example.test>`). */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Lower-cased names, values decoded. */
  headers: Record<string, string>;
  raw: string;
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** Whether the session had switched to TLS, and the user it authenticated as. */
  secure: boolean;
  user: string | undefined;
}

export interface SmtpSink {
  port: number;
  messages: CapturedMail[];
  /** Resolves with the first message (already received or arriving) matching, or rejects after timeoutMs (default 15000). */
  waitForMail(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** The realm `smtpServer` settings that point at this sink. */
  smtpSettings(): Record<string, string>;
  /** The self-signed certificate (PEM) a STARTTLS sink presents, for clients to trust. */
  certificate: string | undefined;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** A fixed port (to restart a sink where a stopped one was); 0 or absent picks a free one. */
  port?: number;
  secure?: false;
  starttls?: boolean;
  auth?: { user: string; pass: string };
}

/** A self-signed certificate for 127.0.0.1/localhost, made fresh for each sink. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-smtp-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function capture(raw: string, envelope: { from: string; to: string[] }, secure: boolean, user: string | undefined): CapturedMail {
  const message = parseMime(raw);
  return {
    from: message.headers.from ?? '',
    to: envelope.to,
    subject: message.headers.subject ?? '',
    text: findPart(message, 'text/plain')?.body ?? '',
    html: findPart(message, 'text/html')?.body ?? '',
    headers: message.headers,
    raw,
    envelopeFrom: envelope.from,
    secure,
    user,
  };
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  const waiters: { match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }[] = [];
  const tls = options.starttls ? selfSignedCertificate() : undefined;
  const disabled = [...(tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])];
  const config: SMTPServerOptions = {
    secure: false,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    disabledCommands: disabled,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    // A short socket timeout keeps test servers from holding connections after a test.
    socketTimeout: 30_000,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const mail = capture(Buffer.concat(chunks).toString('latin1'), envelope, Boolean(session.secure), session.user as string | undefined);
        messages.push(mail);
        for (const waiter of [...waiters]) {
          if (waiter.match(mail)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(mail);
          }
        }
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;

  return {
    port,
    messages,
    certificate: tls?.cert,
    waitForMail(match, timeoutMs = 15_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: CapturedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching mail within ${timeoutMs} ms (received ${messages.length}: ${messages.map((m) => m.subject).join(', ')})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    smtpSettings() {
      return {
        host: '127.0.0.1',
        port: String(port),
        from: 'noreply@gatehouse.test',
        fromDisplayName: 'Gatehouse',
        ssl: 'false',
        starttls: options.starttls ? 'true' : 'false',
        auth: options.auth ? 'true' : 'false',
        ...(options.auth ? { user: options.auth.user, password: options.auth.pass } : {}),
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
