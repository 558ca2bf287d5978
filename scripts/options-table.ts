/**
 * Prints the README's options table, generated from the option schema.
 *
 *   node --import tsx scripts/options-table.ts                    # print the table
 *   node --import tsx scripts/options-table.ts --write README.md  # replace it in README.md
 *
 * With --write, the text between `<!-- options:start -->` and `<!-- options:end -->` is
 * replaced, so the rest of the file stays hand-written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { commands, displayDefault, envNames, optionSchema, type OptionSpec } from '../src/config/index.ts';

const startMarker = '<!-- options:start -->';
const endMarker = '<!-- options:end -->';

/** The Markdown table: one row per option, in schema order. */
export function optionsTable(): string {
  const rows = [
    '| Option | Environment variables | Default | Description |',
    '| --- | --- | --- | --- |',
    ...optionSchema.map((spec) => `| ${cells(spec).map(escapeCell).join(' | ')} |`),
  ];
  return `${rows.join('\n')}\n`;
}

function cells(spec: OptionSpec): string[] {
  const option = spec.type === 'enum' ? `\`${spec.flag}\` (${(spec.values ?? []).map((v) => `\`${v}\``).join(', ')})` : `\`${spec.flag}\``;
  const env = envNames(spec).map((name) => `\`${name}\``).join(', ');
  const scope = spec.commands.length < commands.length ? ` Commands: ${spec.commands.join(', ')}.` : '';
  return [option, env, defaultCell(spec), `${spec.description}${scope}`];
}

function defaultCell(spec: OptionSpec): string {
  const normal = displayDefault(spec, false);
  const dev = spec.devDefault === undefined ? undefined : displayDefault(spec, true);
  const code = (value: string) => (value.startsWith('<') ? value : `\`${value}\``);
  if (dev === undefined) return normal === undefined ? '' : code(normal);
  return normal === undefined ? `start-dev: ${code(dev)}` : `${code(normal)}; start-dev: ${code(dev)}`;
}

// Pipes would split the cell; angle brackets (`<hidden>`) would be read as HTML. No code span
// holds either, where an entity would show literally.
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Replaces the marked section of `text` with `table`, or throws if the markers are missing. */
export function replaceBetweenMarkers(text: string, table: string, file: string): string {
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker, start + startMarker.length);
  if (start === -1 || end === -1) {
    throw new Error(`${file} has no ${startMarker} ... ${endMarker} section; add both markers where the table belongs`);
  }
  return `${text.slice(0, start + startMarker.length)}\n${table}${text.slice(end)}`;
}

function main(args: string[]): number {
  const table = optionsTable();
  if (args.length === 0) {
    process.stdout.write(table);
    return 0;
  }
  const [flag, file] = args;
  if (flag !== '--write' || file === undefined || args.length > 2) {
    process.stderr.write('Usage: options-table.ts [--write <file.md>]\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const updated = replaceBetweenMarkers(text, table, file);
    if (updated !== text) writeFileSync(file, updated);
    process.stdout.write(updated === text ? `${file} is up to date\n` : `Updated the options table in ${file}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

// Run only as a script, so tests can import the functions.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
