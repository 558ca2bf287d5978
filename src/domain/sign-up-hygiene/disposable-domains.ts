import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The extra list an operator can keep in the data directory, one domain a line (`#` comments). */
export const EXTRA_DISPOSABLE_FILE = 'disposable-email-domains.txt';

/** How often the extra file's modification time is looked at. */
const RECHECK_MS = 2_000;

let bundled: ReadonlySet<string> | undefined;

/** The bundled list (`disposable-email-domains`), loaded on first use: it has over 100,000 entries. */
function bundledDomains(): ReadonlySet<string> {
  bundled ??= new Set((createRequire(import.meta.url)('disposable-email-domains') as string[]).map((d) => d.toLowerCase()));
  return bundled;
}

/**
 * Disposable-address domains: the bundled list plus `<data-dir>/disposable-email-domains.txt`,
 * which is read again when it changes, without a restart. A domain counts when it or one of
 * its parent domains is listed (`x.mailinator.com`).
 */
export class DisposableDomains {
  private extra: ReadonlySet<string> = new Set();
  private mtime = -1;
  private checkedAt = 0;

  constructor(private readonly dataDir: string) {}

  has(domain: string, now = Date.now()): boolean {
    this.refresh(now);
    const labels = domain.toLowerCase().split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const candidate = labels.slice(i).join('.');
      if (bundledDomains().has(candidate) || this.extra.has(candidate)) return true;
    }
    return false;
  }

  private refresh(now: number): void {
    if (now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    const file = join(this.dataDir, EXTRA_DISPOSABLE_FILE);
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      this.extra = new Set();
      this.mtime = -1;
      return;
    }
    if (mtime === this.mtime) return;
    this.mtime = mtime;
    try {
      const lines = readFileSync(file, 'utf8').split(/\r?\n/);
      this.extra = new Set(lines.map((line) => line.replace(/#.*/, '').trim().toLowerCase()).filter(Boolean));
    } catch {
      // Being rewritten right now: keep the previous list and read it again next time.
      this.mtime = -1;
    }
  }
}

const byDir = new Map<string, DisposableDomains>();

/** One list per data directory, shared by every request. */
export function disposableDomains(dataDir: string): DisposableDomains {
  let list = byDir.get(dataDir);
  if (!list) byDir.set(dataDir, (list = new DisposableDomains(dataDir)));
  return list;
}
