import { join } from 'node:path';
import { packageRoot } from '../../src/kernel/package-root.ts';

/** The repository's root, wherever the tests run from (their sources or their build in `dist-test/`). */
export const repoRoot: string = packageRoot();

/** A file of the repository, by its path from the root (e.g. `README.md`). */
export const repoFile = (path: string): string => join(repoRoot, path);
