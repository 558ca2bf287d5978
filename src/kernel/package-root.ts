import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder of Gatehouse's package.json: the nearest one above this file. The code runs from
 * `src/`, from `dist/`, from the tests' build in `dist-test/` or from an installed package, so a
 * fixed number of `../` would be right for only some of them.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  root = dir;
  return dir;
}
