/**
 * The benchmark runner: builds dist/, runs every figure module, prints a table and writes the
 * figures as JSON.
 *
 *   npm run bench                         # 4 startups per database, 3 runs of every load (under 10 minutes)
 *   npm run bench -- --quick              # 1 startup, 1 short run of every load, to check that it still runs (under a minute)
 *   npm run bench -- --json out.json      # default: bench/results/<date>.json (git-ignored)
 *   npm run bench -- --only registration  # only the named modules (comma-separated), e.g. startup,tokens
 *   npm run bench -- --only events        # event queries at 1,000,000 events (only when named: the fill alone takes minutes)
 *   npm run bench -- --cpu-prof <dir>     # servers under load run with --cpu-prof into <dir> (slows them)
 *
 * Exits 1 when a figure cannot be measured (e.g. PostgreSQL is down), 2 for a wrong option.
 * A goal that is not met is reported in the table, not as a failure: these are measurements.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchSetupError, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { registrationFigures } from './registration.ts';
import { startupFigures } from './startup.ts';
import { tokenFigures } from './tokens.ts';
import { eventFigures } from './events.ts';

/** Every figure module, in the order they run and appear in the table. Add new ones here. */
const modules: FigureModule[] = [startupFigures, tokenFigures, registrationFigures, eventFigures];

/** Modules that run only when `--only` names them: filling a million events would take a full run past ten minutes. */
const onlyWhenNamed = new Set(['events']);

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The machine the figures were taken on, since they mean little without it. */
interface Machine {
  cores: number;
  cpu: string;
  node: string;
  date: string;
}

interface Args {
  quick: boolean;
  json: string;
  /** Names of the modules to run; all when absent. */
  only?: string[];
  cpuProfDir?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: path.join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 10)}.json`) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) args.json = path.resolve(argv[++i]!);
    else if (arg === '--only' && argv[i + 1] !== undefined) args.only = argv[++i]!.split(',').map((n) => n.trim()).filter(Boolean);
    else if (arg === '--cpu-prof' && argv[i + 1] !== undefined) args.cpuProfDir = path.resolve(argv[++i]!);
    else usage(`unknown or incomplete option: ${arg}`);
  }
  return args;
}

function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\nUsage: npm run bench -- [--quick] [--json <file>] [--only <module>[,<module>…]] [--cpu-prof <dir>]\n`);
  process.exit(2);
}

function machine(): Machine {
  const cpus = os.cpus();
  return { cores: cpus.length, cpu: cpus[0]?.model.trim() ?? 'unknown', node: process.version, date: new Date().toISOString() };
}

function format(value: number, unit: string): string {
  // Milliseconds to the unit are precise enough, but for the few under 10 (e.g. a query's);
  // megabytes need one decimal to show a change.
  if (unit === 'ms') return value < 10 ? value.toFixed(2) : value.toFixed(0);
  return value.toFixed(1);
}

/** The table: one row per figure, with its goal and whether the median meets it. */
function table(figures: Figure[]): string {
  const header = ['figure', 'database', 'median', 'min–max', 'goal', 'met?'];
  const rows = figures.map((f) => [
    f.name,
    f.database ?? '—',
    `${format(f.median, f.unit)} ${f.unit}`,
    `${format(f.min, f.unit)}–${format(f.max, f.unit)} ${f.unit}`,
    f.bound === undefined ? '—' : `< ${f.bound} ${f.unit}`,
    f.bound === undefined ? '—' : f.median < f.bound ? 'yes' : 'NO',
  ]);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opts: BenchOptions = { quick: args.quick, repeats: args.quick ? 1 : 4 };
  if (args.cpuProfDir !== undefined) {
    mkdirSync(args.cpuProfDir, { recursive: true });
    opts.cpuProfDir = args.cpuProfDir;
  }
  const unknown = args.only?.filter((name) => !modules.some((m) => m.name === name)) ?? [];
  if (unknown.length > 0) usage(`unknown module ${unknown.join(', ')}; the modules are ${modules.map((m) => m.name).join(', ')}`);
  const selected = args.only === undefined ? modules.filter((m) => !onlyWhenNamed.has(m.name)) : modules.filter((m) => args.only!.includes(m.name));

  // The figures are for the compiled server, so dist/ must match the sources being measured.
  try {
    execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  } catch {
    process.stderr.write('bench: npm run build failed; fix the build, then run the benchmark again\n');
    process.exit(1);
  }
  // bin/gatehouse.js silently falls back to the TypeScript sources without dist/main.js.
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) {
    process.stderr.write('bench: dist/main.js is missing after the build\n');
    process.exit(1);
  }

  const host = machine();
  const figures: Figure[] = [];
  for (const module of selected) {
    process.stderr.write(`bench: measuring ${module.name}…\n`);
    figures.push(...(await module.run(opts)));
  }

  process.stdout.write(`\n${table(figures)}\n\n`);
  process.stdout.write(`Machine: ${host.cores} cores, ${host.cpu}, Node ${host.node}, ${host.date}\n`);
  mkdirSync(path.dirname(args.json), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify({ machine: host, options: opts, figures }, null, 2)}\n`);
  process.stdout.write(`Figures written to ${path.relative(process.cwd(), args.json) || args.json}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof BenchSetupError) process.stderr.write(`bench: ${error.message}\n`);
  else process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
