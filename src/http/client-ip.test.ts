import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { clientIp } from './client-ip.ts';

const request = (headers: Record<string, string>, ip = '10.0.0.9') => ({ headers, ip, socket: { remoteAddress: '10.0.0.9' } }) as unknown as FastifyRequest;

describe('the client address behind a proxy', () => {
  it('ignores forwarded headers unless --proxy-headers trusts them', () => {
    assert.equal(clientIp(request({ 'x-forwarded-for': '203.0.113.5', forwarded: 'for=203.0.113.6' }, '203.0.113.5'), undefined), '10.0.0.9');
  });

  it('reads the first for= of RFC 7239 Forwarded with --proxy-headers forwarded, ports and brackets removed', () => {
    assert.equal(clientIp(request({ forwarded: 'for=192.0.2.60;proto=https, for=10.0.0.1' }), 'forwarded'), '192.0.2.60');
    assert.equal(clientIp(request({ forwarded: 'for="[2001:db8:cafe::17]:4711"' }), 'forwarded'), '2001:db8:cafe::17');
    assert.equal(clientIp(request({ forwarded: 'proto=https;for=198.51.100.17:8080' }), 'forwarded'), '198.51.100.17');
    assert.equal(clientIp(request({ 'x-forwarded-for': '203.0.113.5' }), 'forwarded'), '10.0.0.9', 'X-Forwarded-For is not the configured header');
  });

  it('takes the address Fastify read from X-Forwarded-For with --proxy-headers xforwarded', () => {
    assert.equal(clientIp(request({ 'x-forwarded-for': '203.0.113.5' }, '203.0.113.5'), 'xforwarded'), '203.0.113.5');
  });
});
