import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { optionsTable } from '../../scripts/options-table.ts';
import { repoFile } from '../../test/support/repo-root.ts';

test("the README's option table matches the options the server accepts", () => {
  const readme = readFileSync(repoFile('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- options:start -->') + '<!-- options:start -->'.length, readme.indexOf('<!-- options:end -->'));
  assert.equal(section.trim(), optionsTable().trim(), 'run `npm run docs:options -- --write README.md`');
});
