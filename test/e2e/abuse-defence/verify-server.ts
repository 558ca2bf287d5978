import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake vendor saw: path and the form or JSON it got. */
export interface VerifyCall {
  path: string;
  body: Record<string, unknown>;
}

/**
 * A captcha vendor's verify endpoint on 127.0.0.1, answering as the vendors document:
 * siteverify (reCAPTCHA v2/v3, hCaptcha, Turnstile) reads the `response` token, the
 * Enterprise assessment reads `event.token`. Tokens: `good`, `bad`, `low-score`,
 * `high-score`, `other-action`. `/hang/...` never answers.
 */
export async function startVerifyServer(): Promise<{ url: string; calls: VerifyCall[]; close(): Promise<void> }> {
  const calls: VerifyCall[] = [];
  const hanging = new Set<IncomingMessage>();
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (request.url ?? '').split('?')[0]!;
    const body: Record<string, unknown> = (request.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
    calls.push({ path, body });
    if (path.startsWith('/hang')) {
      hanging.add(request);
      return;
    }
    response.setHeader('content-type', 'application/json');
    if (path.startsWith('/enterprise')) {
      const token = (body.event as { token?: string } | undefined)?.token;
      const valid = token !== 'bad';
      const score = token === 'low-score' ? 0.1 : 0.9;
      const action = token === 'other-action' ? 'login' : 'register';
      response.end(JSON.stringify({ tokenProperties: { valid, action, ...(valid ? {} : { invalidReason: 'MALFORMED' }) }, riskAnalysis: { score, reasons: [] } }));
      return;
    }
    const token = body.response;
    if (body.secret !== 'the-secret') return response.end(JSON.stringify({ success: false, 'error-codes': ['invalid-input-secret'] }));
    if (token === 'bad') return response.end(JSON.stringify({ success: false, 'error-codes': ['invalid-input-response'] }));
    if (token === 'low-score') return response.end(JSON.stringify({ success: true, score: 0.1, action: 'register', hostname: '127.0.0.1' }));
    if (token === 'high-score') return response.end(JSON.stringify({ success: true, score: 0.9, action: 'register', hostname: '127.0.0.1' }));
    if (token === 'other-action') return response.end(JSON.stringify({ success: true, score: 0.9, action: 'login', hostname: '127.0.0.1' }));
    if (token === 'good') return response.end(JSON.stringify({ success: true, hostname: '127.0.0.1', challenge_ts: new Date().toISOString() }));
    response.end(JSON.stringify({ success: false, 'error-codes': ['invalid-input-response'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      for (const request of hanging) request.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
