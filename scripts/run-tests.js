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
const concurrency = process.env.GATEHOUSE_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
