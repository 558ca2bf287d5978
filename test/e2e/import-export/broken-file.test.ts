import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { runGatehouse } from '../../support/server-process.ts';
import { adminCall, masterAdminToken, readFixture } from './fixtures.ts';

const server = useGatehouseServer([]);
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-broken-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The jhipster export with its second user's password stored under an algorithm nobody knows. */
function brokenJhipster(): Record<string, unknown> {
  const rep = readFixture('jhipster__jhipster-sample-app-oauth2__jhipster-realm.json') as Record<string, unknown>;
  const users = rep.users as Record<string, unknown>[];
  const credentials = users[1]!.credentials as Record<string, unknown>[];
  credentials[0] = { ...credentials[0], credentialData: JSON.stringify({ hashIterations: 1, algorithm: 'md5', additionalParameters: {} }) };
  return rep;
}

describe('a file with a broken part', () => {
  it('imports nothing through the CLI, and the error names the part', { timeout: 120_000 }, async () => {
    const file = join(dir, 'jhipster.json');
    writeFileSync(file, JSON.stringify(brokenJhipster()));
    const cli = runGatehouse(['import', '--file', file, ...server.database.flags]);
    assert.equal(await cli.exited, 1);
    assert.match(cli.stderr(), /jhipster\.json: realm 'jhipster': users\[1\]\.credentials\[0\]: unknown algorithm "md5"/);
    assert.equal(await server.store.realms.findByName('jhipster'), undefined, 'nothing of the realm was written');
  });

  it('imports nothing through POST /admin/realms either: 400 naming the part', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const result = await adminCall(server.baseUrl, token, 'POST', '', brokenJhipster());
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { field: 'users[1].credentials[0]', errorMessage: 'users[1].credentials[0]: unknown algorithm "md5"' });
    assert.equal(await server.store.realms.findByName('jhipster'), undefined);
  });

  it('rolls back a realm whose problem shows only inside the transaction (a group path no group has)', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const rep = readFixture('jhipster__jhipster-sample-app-oauth2__jhipster-realm.json') as Record<string, unknown>;
    (rep.users as Record<string, unknown>[])[0]!.groups = ['/Nowhere'];
    const result = await adminCall(server.baseUrl, token, 'POST', '', rep);
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).errorMessage, 'users[0].groups[0]: group "/Nowhere" not found');
    assert.equal(await server.store.realms.findByName('jhipster'), undefined);
    const cli = runGatehouse(['import', '--file', join(dir, 'missing.json'), ...server.database.flags]);
    assert.equal(await cli.exited, 1);
    assert.match(cli.stderr(), /cannot read .*missing\.json/);
  });
});
