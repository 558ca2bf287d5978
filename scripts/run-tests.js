#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's --test takes
// no glob patterns). Arguments narrow the run: `npm test -- src/config` runs that folder only.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = roots
  .flatMap((root) => (statSync(root).isDirectory() ? readdirSync(root, { recursive: true }).map((f) => join(root, String(f))) : [root]))
  .filter((file) => file.endsWith('.test.ts') && !file.split(/[\\/]/).includes('node_modules'))
  .map((file) => relative('.', file))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no test files under ${roots.join(', ')}\n`);
  process.exit(1);
}
// The server processes the tests start run the compiled sources: build them first (incremental,
// a few seconds when little changed), so that they can never be older than src/.
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('the build failed; no tests were run\n');
  process.exit(1);
}
const concurrency = process.env.GATEHOUSE_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  env: { ...process.env, GATEHOUSE_TEST_BUILT: '1' },
});
process.exit(result.status ?? 1);
