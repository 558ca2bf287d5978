/**
 * The functions that took the most self time in a V8 CPU profile (a `.cpuprofile` written by
 * `node --cpu-prof`, e.g. by `npm run bench -- --cpu-prof <dir>`):
 *
 *   node --import tsx bench/cpu-top.ts <file.cpuprofile> [count]    # default: the top 10
 *
 * The profile samples the main JavaScript thread only: work on libuv's thread pool (argon2)
 * shows there as (idle) or as the time the main thread waits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, countArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('Usage: node --import tsx bench/cpu-top.ts <file.cpuprofile> [count]\n');
  process.exit(2);
}
const count = Number(countArg ?? 10);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Each sample's time is the delta to the next sample, as Chrome's DevTools counts it.
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
}

const root = process.cwd();
const where = (url: string, line: number) => {
  if (url === '') return '';
  const local = url.startsWith('file://') ? path.relative(root, new URL(url).pathname) : url;
  return `${local}:${line + 1}`;
};
const byFunction = new Map<string, { name: string; where: string; us: number }>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const name = node.callFrame.functionName || '(anonymous)';
  const at = where(node.callFrame.url, node.callFrame.lineNumber);
  const key = `${name} ${at}`;
  const entry = byFunction.get(key) ?? { name, where: at, us: 0 };
  entry.us += us;
  byFunction.set(key, entry);
}

const total = profile.endTime - profile.startTime;
const idle = [...byFunction.values()].filter((e) => e.name === '(idle)').reduce((sum, e) => sum + e.us, 0);
const busy = total - idle;
const lines = [
  `${path.basename(file)}: ${(total / 1e6).toFixed(1)} s profiled, main thread busy ${((100 * busy) / total).toFixed(1)} %`,
  'self ms   % total  % busy  function  (file:line)',
];
const top = [...byFunction.values()].filter((e) => e.name !== '(idle)').sort((a, b) => b.us - a.us).slice(0, count);
for (const e of top) {
  lines.push(`${(e.us / 1000).toFixed(0).padStart(7)}  ${((100 * e.us) / total).toFixed(1).padStart(7)}  ${((100 * e.us) / busy).toFixed(1).padStart(6)}  ${e.name}  ${e.where}`);
}

// The same self time by where the code lives: a package, a directory of dist/, Node's own, or V8's.
const owner = (e: { name: string; where: string }) => {
  if (e.where === '') return e.name.startsWith('(') ? e.name : 'native (no file)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(e.where)?.[1];
  if (pkg !== undefined) return pkg;
  if (e.where.startsWith('node:')) return 'node: (Node internals)';
  const dir = /^(dist\/[^/]+\/?[^/:]*)/.exec(e.where)?.[1];
  return dir ?? e.where.replace(/:\d+$/, '');
};
const byOwner = new Map<string, number>();
for (const e of byFunction.values()) if (e.name !== '(idle)') byOwner.set(owner(e), (byOwner.get(owner(e)) ?? 0) + e.us);
lines.push('by owner (self ms, % busy):');
for (const [name, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, count)) {
  lines.push(`${(us / 1000).toFixed(0).padStart(7)}  ${((100 * us) / busy).toFixed(1).padStart(6)}  ${name}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
