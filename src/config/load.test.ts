import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { isGatehouseError } from '../kernel/errors.ts';
import { bootstrapPasswordProblem, loadConfig, type GatehouseConfig } from './index.ts';
import { repoFile } from '../../test/support/repo-root.ts';

const cwd = mkdtempSync(path.join(tmpdir(), 'gatehouse-config-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

const production = ['--hostname', 'id.example.com'];

function run(argv: string[], env: NodeJS.ProcessEnv = {}): { config: GatehouseConfig; warnings: string[] } {
  const result = loadConfig(argv, env, { cwd });
  assert.equal(result.kind, 'run');
  return result;
}

/** Asserts that loading fails with GH_CONFIG_INVALID and exactly this one-line message. */
function assertRefused(argv: string[], message: string, env: NodeJS.ProcessEnv = {}): void {
  assert.throws(() => loadConfig(argv, env, { cwd }), (error: unknown) => {
    assert.ok(isGatehouseError(error, 'GH_CONFIG_INVALID'), `expected GH_CONFIG_INVALID, got ${String(error)}`);
    assert.equal(error.params[0], message);
    return true;
  });
}

function configFile(name: string, content: string): string {
  const file = path.join(cwd, name);
  writeFileSync(file, content);
  return file;
}

describe('where a value comes from', () => {
  const file = configFile('precedence.json', JSON.stringify({ 'http-port': 8004, logLevel: 'debug' }));
  const env = { GATEHOUSE_HTTP_PORT: '8002', KC_HTTP_PORT: '8003', GATEHOUSE_CONFIG_FILE: file };

  test('a flag beats GATEHOUSE_, KC_ and the config file', () => {
    assert.equal(run(['start-dev', '--http-port', '8001'], env).config.httpPort, 8001);
  });
  test('GATEHOUSE_HTTP_PORT beats KC_HTTP_PORT and the config file', () => {
    assert.equal(run(['start-dev'], env).config.httpPort, 8002);
  });
  test('KC_HTTP_PORT beats the config file', () => {
    assert.equal(run(['start-dev'], { ...env, GATEHOUSE_HTTP_PORT: undefined }).config.httpPort, 8003);
  });
  test('the config file beats the default, with flag-style or camelCase keys', () => {
    const { config } = run(['start-dev', '--config-file', file]);
    assert.equal(config.httpPort, 8004);
    assert.equal(config.logLevel, 'debug');
  });
  test('without any of them the port is 8080', () => {
    assert.equal(run(['start-dev']).config.httpPort, 8080);
  });
  test('an empty environment variable counts as unset', () => {
    assert.equal(run(['start-dev'], { GATEHOUSE_HTTP_PORT: '', KC_HTTP_PORT: '8003' }).config.httpPort, 8003);
  });
});

describe('flag syntax', () => {
  test('--http-port=8081 and --http-port 8081 mean the same', () => {
    assert.equal(run(['start-dev', '--http-port=8081']).config.httpPort, 8081);
    assert.equal(run(['start-dev', '--http-port', '8081']).config.httpPort, 8081);
  });
  test('a boolean flag alone means true, and takes =true or =false', () => {
    assert.equal(run(['start-dev', '--import-realm']).config.importRealm, true);
    assert.equal(run(['start-dev', '--import-realm=false']).config.importRealm, false);
    assert.equal(run(['start-dev']).config.importRealm, false);
  });
  test('"--import-realm false" is refused with the spelling that works', () => {
    assertRefused(['start-dev', '--import-realm', 'false'], 'Unexpected argument: false (write --import-realm=false)');
  });
  test('a flag without its value is refused', () => {
    assertRefused(['start-dev', '--http-port'], 'Missing value for --http-port');
    assertRefused(['start-dev', '--hostname', '--http-port', '1'], 'Missing value for --hostname');
  });
});

describe('development and production defaults', () => {
  test('start-dev creates admin/admin and says loudly that it is development mode', () => {
    const { config, warnings } = run(['start-dev']);
    assert.equal(config.devMode, true);
    assert.equal(config.bootstrapAdminUsername, 'admin');
    assert.equal(config.bootstrapAdminPassword, 'admin');
    assert.equal(warnings[0], 'Running in development mode: do not use this in production');
    assert.ok(warnings.some((line) => line.includes('development default password')));
  });
  test('start has no bootstrap admin unless one is configured', () => {
    const { config, warnings } = run(['start', ...production]);
    assert.equal(config.devMode, false);
    assert.equal(config.bootstrapAdminUsername, undefined);
    assert.equal(config.bootstrapAdminPassword, undefined);
    assert.deepEqual(warnings, []);
  });
  test('start on a new database without a bootstrap password is refused by bootstrapPasswordProblem', () => {
    assert.match(bootstrapPasswordProblem(run(['start', ...production]).config) ?? '', /--bootstrap-admin-password is not set/);
    const env = { KC_BOOTSTRAP_ADMIN_USERNAME: 'root', KC_BOOTSTRAP_ADMIN_PASSWORD: 's3cret' };
    assert.equal(bootstrapPasswordProblem(run(['start', ...production], env).config), undefined);
    assert.equal(bootstrapPasswordProblem(run(['start-dev']).config), undefined);
  });
  test('start without --hostname or --proxy-headers is refused', () => {
    assertRefused(['start'], '--hostname is required in production mode (or set --proxy-headers); use start-dev for local development');
  });
  test('start behind a proxy needs no --hostname', () => {
    assert.equal(run(['start', '--proxy-headers', 'xforwarded']).config.proxyHeaders, 'xforwarded');
  });
  test('a base URL for --hostname loses its trailing slash', () => {
    assert.equal(run(['start', '--hostname', 'https://id.example.com/auth/']).config.hostname, 'https://id.example.com/auth');
  });
});

describe('mistakes are reported with the option they concern', () => {
  test('a misspelt flag gets a suggestion', () => {
    assertRefused(['start-dev', '--htp-port', '8080'], 'Unknown option: --htp-port (did you mean --http-port?)');
  });
  test('a port that is not a number', () => {
    assertRefused(['start-dev', '--http-port', 'abc'], 'Invalid value for --http-port: "abc" is not an integer between 1 and 65535');
  });
  test('a port out of range, set through KC_HTTP_PORT, names the variable', () => {
    assertRefused(['start-dev'], 'Invalid value for KC_HTTP_PORT (--http-port): "70000" is not an integer between 1 and 65535', { KC_HTTP_PORT: '70000' });
  });
  test('a value outside an enum lists the allowed values', () => {
    assertRefused(['start-dev', '--db=mysql'], 'Invalid value for --db: "mysql" is not one of sqlite, postgres');
    assertRefused(['start-dev', '--log-level=debgu'], 'Invalid value for --log-level: "debgu" is not one of fatal, error, warn, info, debug, trace (did you mean debug?)');
  });
  test('a hostname with a port asks for a URL instead', () => {
    assertRefused(['start', '--hostname', 'id.example.com:8443'],
      'Invalid value for --hostname: "id.example.com:8443" is not a hostname (to give a port, write a URL such as https://id.example.com:8443)');
  });
  test('an unknown command gets a suggestion', () => {
    assertRefused(['strat'], 'Unknown command: strat (did you mean start?); commands are start, start-dev, import, export');
  });
  test('an import/export option on start is refused', () => {
    assertRefused(['start-dev', '--file', 'x.json'], 'Option --file does not apply to start-dev; it is for import, export');
  });
  test('a missing, malformed or misspelt config file is refused', () => {
    assertRefused(['start-dev', '--config-file', 'missing.json'], `Config file ${path.join(cwd, 'missing.json')} cannot be read (ENOENT)`);
    const broken = configFile('broken.json', '{"http-port": ');
    assert.throws(() => run(['start-dev', '--config-file', broken]), /Config file .*broken\.json is not valid JSON/);
    const typo = configFile('typo.json', '{"htp-port": 1}');
    assertRefused(['start-dev', '--config-file', typo], `Unknown option in config file ${typo}: "htp-port" (did you mean "http-port"?)`);
    const badPort = configFile('bad-port.json', '{"http-port": 0}');
    assertRefused(['start-dev', '--config-file', badPort], `Invalid value for "http-port" in ${badPort} (--http-port): 0 is not an integer between 1 and 65535`);
  });
});

describe('database settings', () => {
  test('SQLite lives in <data-dir>/gatehouse.db by default, resolved against the working directory', () => {
    assert.deepEqual(run(['start-dev']).config.db, { kind: 'sqlite', file: path.join(cwd, 'data', 'gatehouse.db') });
    assert.deepEqual(run(['start-dev', '--data-dir', '/var/lib/gh']).config.db, { kind: 'sqlite', file: '/var/lib/gh/gatehouse.db' });
    assert.deepEqual(run(['start-dev', '--db-url', 'sqlite:db/x.db']).config.db, { kind: 'sqlite', file: path.join(cwd, 'db', 'x.db') });
  });
  test('a PostgreSQL connection string is built from host, port, database and escaped credentials', () => {
    const { config } = run(['start-dev', '--db', 'postgres', '--db-url-host', 'pg.internal', '--db-url-port', '6432'], {
      KC_DB_USERNAME: 'gate house', KC_DB_PASSWORD: 'p@ss:w/rd%', KC_DB_POOL_MAX: '4',
    });
    assert.deepEqual(config.db, {
      kind: 'postgres', connectionString: 'postgres://gate%20house:p%40ss%3Aw%2Frd%25@pg.internal:6432/gatehouse', poolMax: 4,
    });
  });
  test('PostgreSQL defaults to 127.0.0.1:5432/gatehouse', () => {
    assert.deepEqual(run(['start-dev', '--db=postgres']).config.db,
      { kind: 'postgres', connectionString: 'postgres://127.0.0.1:5432/gatehouse', poolMax: 16 });
  });
  test('--db-username and --db-password override the credentials in --db-url, and URL parts are ignored with a warning', () => {
    const { config, warnings } = run(['start-dev', '--db=postgres', '--db-url', 'postgres://old:old@db:5432/app', '--db-url-host', 'x'],
      { GATEHOUSE_DB_USERNAME: 'new', GATEHOUSE_DB_PASSWORD: 'n3w' });
    assert.equal(config.db.kind === 'postgres' && config.db.connectionString, 'postgres://new:n3w@db:5432/app');
    assert.ok(warnings.includes('--db-url-host is ignored because --db-url is set'));
  });
  test('a Keycloak JDBC URL is accepted', () => {
    const { config } = run(['start-dev'], { KC_DB: 'postgres', KC_DB_URL: 'jdbc:postgresql://db:5432/keycloak' });
    assert.equal(config.db.kind === 'postgres' && config.db.connectionString, 'postgresql://db:5432/keycloak');
  });
  test('a PostgreSQL URL with --db=sqlite is refused without showing its password', () => {
    assertRefused(['start-dev', '--db-url', 'postgres://u:hunter2@db/app'],
      'Invalid value for --db-url: "postgres://u:***@db/app" is a PostgreSQL URL, but --db is sqlite (add --db=postgres)');
  });
});

describe('help and version', () => {
  test('no command, --help and -h print the root help', () => {
    for (const argv of [[], ['--help'], ['-h']]) {
      const result = loadConfig(argv, {});
      assert.equal(result.kind, 'help');
      assert.match(result.kind === 'help' ? result.text : '', /^Usage: gatehouse <command> \[options\]/);
    }
  });
  test('start --help prints the help of start, even after a bad option', () => {
    const result = loadConfig(['start', '--htp-port', '1', '--help'], {});
    assert.equal(result.kind, 'help');
    assert.match(result.kind === 'help' ? result.text : '', /^Usage: gatehouse start \[options\]/);
  });
  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { version: string };
    assert.deepEqual(loadConfig(['--version'], {}), { kind: 'version', text: `gatehouse ${version}` });
  });
});
