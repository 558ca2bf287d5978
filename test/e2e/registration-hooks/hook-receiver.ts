import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { validSignature } from '../../support/gatehouse-signature.ts';

/** One call a pre-registration hook receiver got. */
export interface HookCall {
  body: string;
  headers: IncomingHttpHeaders;
  json: { type: string; realm: string; clientId: string | null; ipAddress: string | null; locale: string | null; user: Record<string, unknown> };
}

/** What the receiver answers: a status, a body, and how long it waits first. */
export interface HookAnswer {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

/**
 * A pre-registration hook on 127.0.0.1: checks each request's signature with `secret` (a
 * request with a wrong one gets 401), records it, and answers what `answer` says.
 */
export class HookReceiver {
  readonly calls: HookCall[] = [];
  secret = '';
  answer: (call: HookCall) => HookAnswer = () => ({ body: { decision: 'allow' } });
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/pre-registration`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!validSignature(this.secret, String(request.headers['gatehouse-signature'] ?? ''), body)) {
          response.statusCode = 401;
          response.end();
          return;
        }
        const call: HookCall = { body, headers: request.headers, json: JSON.parse(body) as HookCall['json'] };
        this.calls.push(call);
        const { status = 200, body: answer, delayMs = 0 } = this.answer(call);
        const timer = setTimeout(() => {
          response.statusCode = status;
          response.setHeader('content-type', 'application/json');
          response.end(typeof answer === 'string' ? answer : JSON.stringify(answer ?? {}));
        }, delayMs);
        response.on('close', () => clearTimeout(timer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
  }
}
