import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realmsInFiles, substituteEnvironment } from './realm-files.ts';

describe('import: realm files', () => {
  it('reads a realm per file, a whole-server array, and joins users files to their realm', () => {
    const realms = realmsInFiles([
      { name: 'all.json', text: JSON.stringify([{ realm: 'master' }, { realm: 'a', users: [{ username: 'x' }] }]) },
      { name: 'a-users-0.json', text: JSON.stringify({ realm: 'a', users: [{ username: 'y' }] }) },
      { name: 'b-realm.json', text: JSON.stringify({ realm: 'b' }) },
    ]);
    assert.deepEqual(realms.map((r) => [r.file, r.rep.realm]), [['all.json', 'master'], ['all.json', 'a'], ['b-realm.json', 'b']]);
    assert.deepEqual((realms[1]!.rep.users as { username: string }[]).map((u) => u.username), ['x', 'y']);
  });

  it('names the file that is not JSON, not a realm, or a users file without its realm', () => {
    assert.throws(() => realmsInFiles([{ name: 'bad.json', text: '{' }]), /^Error: bad\.json: not valid JSON|bad\.json: not valid JSON/);
    assert.throws(() => realmsInFiles([{ name: 'x.json', text: '{"users": []}' }]), { message: 'x.json: not a realm representation (no "realm" name)' });
    assert.throws(() => realmsInFiles([{ name: 'c-users-0.json', text: '{"realm": "c", "users": []}' }]), { message: 'c-users-0.json: realm "c" is in none of the files' });
  });

  it('resolves ${NAME} and ${NAME:default} from the environment, and leaves message keys alone', () => {
    const text = '{"a": "${SECRET}", "b": "${MISSING:fallback}", "c": "${role_default-roles}", "d": "${UNSET}"}';
    assert.deepEqual(JSON.parse(substituteEnvironment(text, { SECRET: 'p"w' })), { a: 'p"w', b: 'fallback', c: '${role_default-roles}', d: '${UNSET}' });
    const [realm] = realmsInFiles([{ name: 'r.json', text: '{"realm": "${REALM_NAME}"}' }], { REALM_NAME: 'resolved' });
    assert.equal(realm!.rep.realm, 'resolved');
  });
});
