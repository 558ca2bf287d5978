import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: the nearest folder above this file that holds package.json. Tests run
 * from the TypeScript sources or from their build in `dist-test/`, so a fixed number of `../`
 * would be right for only one of the two.
 */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
})();

/** A file of the repository, by its path from the root (e.g. `README.md`). */
export const repoFile = (path: string): string => join(repoRoot, path);
