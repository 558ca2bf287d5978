import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useAbuseServers } from './abuse-servers.ts';

const web = { clientId: 'web', publicClient: true, redirectUris: ['http://127.0.0.1:1/cb'], directAccessGrantsEnabled: true };
const limit = { token: { ip: { points: 10, duration: 600 } } };

const servers = useAbuseServers(
  [{ name: 'shared', settings: { attributes: { rateLimits: JSON.stringify(limit) } }, clients: [web], users: [{ username: 'ada', password: 'correct horse' }] }],
  ['--rate-limit-store', 'database'],
  2,
);

describe('rate-limit counters shared by two Gatehouse processes on one database', () => {
  it('reaches one limit across both processes: 10 token requests in all, whichever process answers', async () => {
    const grant = (base: string) =>
      fetch(`${base}/realms/shared/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username: 'ada', password: 'correct horse' }),
      });
    const [a, b] = servers.urls as [string, string];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await grant(a)).status);
      statuses.push((await grant(b)).status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200), 'the first ten pass, five on each process');
    assert.deepEqual(statuses.slice(10), [429, 429], 'the limit holds across both processes');
    const rows = await servers.store.rateLimitCounters.get(`token:ip:10:600:${(await servers.store.realms.findByName('shared'))!.id}:127.0.0.1`, Date.now());
    assert.ok(rows && rows.points >= 10, 'the counter is in the database');
  });
});
