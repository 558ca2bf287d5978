// Lint rules, and the import direction from STYLE.md: kernel ← config ← domain ← flows ←
// protocol/admin-api/account-api ← http ← main.ts. Storage ports may be imported by domain
// code; storage implementations only by main.ts (and tests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Forbids imports of the listed layers from the files matched. */
function layer(files, forbidden, why) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
    },
  };
}

const upper = (...names) => names.flatMap((n) => [`**/${n}/**`, `**/${n}.ts`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-test/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  layer(['src/kernel/**'], ['../**'], 'kernel imports nothing else of Gatehouse'),
  layer(['src/config/**'], upper('domain', 'flows', 'protocol', 'admin-api', 'account-api', 'http', 'storage', 'themes', 'notify', 'plugins', 'main'), 'config sits just above kernel'),
  layer(['src/storage/**'], upper('config', 'domain', 'flows', 'protocol', 'admin-api', 'account-api', 'http', 'themes', 'notify', 'plugins', 'main'), 'storage knows only kernel and its own ports'),
  layer(
    ['src/domain/**'],
    [...upper('flows', 'protocol', 'admin-api', 'account-api', 'http', 'main', 'sql'), 'fastify', 'pg', 'better-sqlite3', 'kysely'],
    'domain holds rules only: no HTTP and no storage implementation',
  ),
  layer(
    ['src/flows/**', 'src/themes/**', 'src/notify/**'],
    [...upper('protocol', 'admin-api', 'account-api', 'http', 'main', 'sql'), 'fastify'],
    'flows, themes and notify never import HTTP or a storage implementation',
  ),
  layer(
    ['src/protocol/**', 'src/admin-api/**', 'src/account-api/**'],
    [...upper('http', 'main', 'sql'), 'fastify'],
    'protocol and API surfaces never import Fastify or a storage implementation',
  ),
  layer(['src/http/**'], [...upper('main', 'sql')], 'http never picks a storage implementation; main.ts wires it'),
  layer(['src/plugins/**'], ['../**', '!./**', '!../plugins/**', '!../kernel/**'], 'plugins see only the plugin contract'),
  // The built-in plugin sits one folder down and reads the contract at ../api.ts.
  layer(['src/plugins/builtin/**'], ['../../**', '!../../kernel/**', '../registry*'], 'plugins see only the plugin contract'),
);
