#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's --test takes
// no glob patterns). Arguments narrow the run: `npm test -- src/config` runs that folder only.
//
// The tests run from their build: tsc compiles src/ and test/ (with bench/ and scripts/, so that
// the build is the whole type check) into dist-test/ first (incremental, a few seconds when
// little changed), and each test file runs as JavaScript.
// Loading the sources through tsx cost every test process 0.6–1 s of CPU, about a quarter of
// the suite's time on a 2-core machine. The servers the tests start run from the same build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUT_DIR = 'dist-test';

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
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test-build.json'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('the build failed; no tests were run\n');
  process.exit(1);
}
// Chosen from the sources, so that the compiled copy of a deleted test never runs.
const compiled = files.map((file) => join(OUT_DIR, file.replace(/\.ts$/, '.js')));
const concurrency = process.env.GATEHOUSE_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...compiled], { stdio: 'inherit' });
process.exit(result.status ?? 1);
