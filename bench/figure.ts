/**
 * The shape every figure module shares, so that the runner stays a plain list of modules and
 * the table and the JSON file are produced the same way for every figure.
 */

/** Goal for a server's resident memory at the end of its load runs, in MB. */
export const AFTER_LOAD_RSS_BOUND_MB = 200;

/** Options the runner passes to every figure module. */
export interface BenchOptions {
  /** Set by `--quick`: fewer repetitions, for a check that the benchmark still runs. */
  quick: boolean;
  /** How many times each startup measurement is repeated (4 by default, 1 with `--quick`). */
  repeats: number;
  /** Set by `--cpu-prof <dir>`: modules that start servers under load run them with `--cpu-prof` into it. */
  cpuProfDir?: string;
}

/** One measured quantity, summarised over its repetitions. */
export interface Figure {
  name: string;
  /** Unit of `samples`, `median`, `min`, `max` and `bound`, e.g. `ms` or `MB`. */
  unit: string;
  /** The database the figure was measured on, when the figure depends on one. */
  database?: string;
  /** Every measured value, in the order measured. */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** The goal: the median should stay under it. Absent for figures reported for information. */
  bound?: number;
  /** `median / bound`: the share of the budget used, so that figures in different units compare. */
  ratio?: number;
}

/** A group of figures measured together, e.g. everything about server startup. */
export interface FigureModule {
  name: string;
  run(opts: BenchOptions): Promise<Figure[]>;
}

/**
 * Thrown when the benchmark cannot measure at all (e.g. PostgreSQL is down). The runner
 * prints its message as one line and exits with 1, rather than skipping figures silently.
 */
export class BenchSetupError extends Error {
  override name = 'BenchSetupError';
}

/** Builds a figure from raw samples; `bound` adds the goal and its ratio. */
export function summarize(
  name: string,
  unit: string,
  samples: number[],
  extra: { database?: string; bound?: number } = {},
): Figure {
  if (samples.length === 0) throw new Error(`figure "${name}" has no samples`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // An even count has no middle sample: the mean of the two central ones is the usual median.
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const figure: Figure = { name, unit, samples, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
  if (extra.database !== undefined) figure.database = extra.database;
  if (extra.bound !== undefined) {
    figure.bound = extra.bound;
    figure.ratio = round(median / extra.bound, 3);
  }
  return figure;
}

/** Rounds to `digits` decimals; samples keep a sensible precision instead of float noise. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
