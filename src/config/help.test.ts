import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionsTable, replaceBetweenMarkers } from '../../scripts/options-table.ts';
import { commands, helpText, loadConfig, optionSchema, type OptionSpec } from './index.ts';

/** The lines `--help` prints for one option: its flag line and the indented lines below it. */
function optionBlock(text: string, flag: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `  ${flag}` || line.startsWith(`  ${flag} `) || line.startsWith(`  ${flag}[`));
  if (start === -1) return '';
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('      '));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const secrets = optionSchema.filter((spec) => spec.secret);
const defaults = (spec: OptionSpec) => [spec.default, spec.devDefault].filter((value) => value !== undefined).map(String);

describe('gatehouse --help', () => {
  const root = helpText();

  test('starts with the usage line and lists every command with what it does', () => {
    assert.match(root, /^Usage: gatehouse <command> \[options\]\n/);
    for (const command of commands) assert.match(root, new RegExp(`^  ${command} +\\S`, 'm'));
  });
  test('groups options under HTTP, Hostname, Database, Bootstrap admin, Logging, Import/export and Email', () => {
    const headings = root.split('\n').filter((line) => /^[A-Z][\w /]*:$/.test(line));
    assert.deepEqual(headings, ['Commands:', 'General:', 'HTTP:', 'Hostname:', 'Database:', 'Bootstrap admin:', 'Logging:', 'Import/export:', 'Email:']);
  });
  test('shows each option with its placeholder, default and both environment variables', () => {
    assert.equal(optionBlock(root, '--http-port'), [
      '  --http-port <port>',
      '      TCP port the HTTP server listens on. Default: 8080. Commands: start, start-dev.',
      '      Env: GATEHOUSE_HTTP_PORT, KC_HTTP_PORT',
    ].join('\n'));
    for (const spec of optionSchema) assert.notEqual(optionBlock(root, spec.flag), '', `${spec.flag} is missing`);
  });
  test('shows the start-dev default next to the production one', () => {
    assert.match(optionBlock(root, '--bootstrap-admin-username'), /Default in\s+start-dev: admin\./);
  });
  test('keeps every line within 100 columns', () => {
    for (const command of [undefined, ...commands]) {
      const long = helpText(command).split('\n').filter((line) => line.length > 100);
      assert.deepEqual(long, [], `help for ${command ?? 'root'}`);
    }
  });
  test('loadConfig answers --help with this text', () => {
    assert.deepEqual(loadConfig(['--help'], {}), { kind: 'help', text: root });
  });
});

describe('gatehouse start --help', () => {
  const start = helpText('start');

  test('is the help of start, through loadConfig too', () => {
    assert.match(start, /^Usage: gatehouse start \[options\]\n\nStart the server in production mode/);
    assert.deepEqual(loadConfig(['start', '--help'], {}), { kind: 'help', text: start });
    assert.deepEqual(loadConfig(['start', '-h'], {}), { kind: 'help', text: start });
  });
  test('lists only the options start accepts', () => {
    for (const spec of optionSchema) {
      assert.equal(optionBlock(start, spec.flag) !== '', spec.commands.includes('start'), spec.flag);
    }
  });
  test('shows no dev defaults: the bootstrap admin has none in production', () => {
    assert.doesNotMatch(optionBlock(start, '--bootstrap-admin-username'), /Default/);
  });
  test('export --help shows the import/export options and not the HTTP ones', () => {
    const text = helpText('export');
    assert.notEqual(optionBlock(text, '--users'), '');
    assert.equal(optionBlock(text, '--http-port'), '');
  });
});

describe('secrets in help', () => {
  test('password defaults are shown as <hidden>, never as their value, in every help text', () => {
    assert.ok(secrets.length >= 2);
    for (const command of [undefined, ...commands]) {
      const text = helpText(command);
      for (const spec of secrets) {
        const block = optionBlock(text, spec.flag);
        for (const value of defaults(spec)) {
          assert.doesNotMatch(block, new RegExp(`(Default|start-dev):\\s+${value}\\b`), `${spec.flag} in ${command ?? 'root'} help`);
        }
      }
    }
    assert.match(optionBlock(helpText('start-dev'), '--bootstrap-admin-password'), /Default:\s+<hidden>\./);
  });
  test('the README options table hides them too', () => {
    const table = optionsTable();
    for (const spec of secrets) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${spec.flag}\``)) ?? '';
      assert.notEqual(row, '');
      for (const value of defaults(spec)) assert.ok(!row.includes(`\`${value}\``), `${spec.flag} row shows ${value}`);
    }
  });
});

describe('README options table', () => {
  test('has one row per option with both environment variables', () => {
    const rows = optionsTable().trimEnd().split('\n');
    assert.equal(rows.length, optionSchema.length + 2);
    assert.ok(rows.some((row) => row.startsWith('| `--http-port` | `GATEHOUSE_HTTP_PORT`, `KC_HTTP_PORT` | `8080` |')));
  });
  test('replaces only the text between the markers', () => {
    const readme = 'intro\n<!-- options:start -->\nold table\n<!-- options:end -->\noutro\n';
    assert.equal(replaceBetweenMarkers(readme, 'TABLE\n', 'README.md'),
      'intro\n<!-- options:start -->\nTABLE\n<!-- options:end -->\noutro\n');
  });
  test('says which markers are missing', () => {
    assert.throws(() => replaceBetweenMarkers('no markers', 'TABLE\n', 'README.md'),
      /README\.md has no <!-- options:start --> \.\.\. <!-- options:end --> section/);
  });
});
