/**
 * `--help` text, generated from the option schema so that it cannot drift from the parser.
 */
import {
  commandDescriptions, commands, displayDefault, envNames, isCommand, optionGroups, optionsFor,
  type CommandName, type OptionSpec,
} from './schema.ts';

const width = 100;
const indent = '      ';

/**
 * Help for the root command (all commands and all options) or for one command (only the
 * options it accepts, with its defaults). An unknown command gets the root help.
 */
export function helpText(command?: string): string {
  const selected = command !== undefined && isCommand(command) ? command : undefined;
  const lines: string[] = [];
  if (selected === undefined) {
    lines.push('Usage: gatehouse <command> [options]', '');
    lines.push(...wrap('Gatehouse is an identity server compatible with Keycloak: same option names, same KC_* '
      + 'environment variables.', ''), '');
    lines.push('Commands:');
    const column = Math.max(...commands.map((name) => name.length)) + 4;
    for (const name of commands) {
      lines.push(...wrap(commandDescriptions[name], ' '.repeat(column + 2), `  ${name.padEnd(column)}`));
    }
  } else {
    lines.push(`Usage: gatehouse ${selected} [options]`, '');
    lines.push(...wrap(commandDescriptions[selected], ''));
  }
  lines.push('');
  lines.push(...wrap('Every option can also be set with the environment variables shown (GATEHOUSE_* wins over '
    + 'KC_*) or in a JSON config file; a flag wins over both, and both win over the file.', ''));

  for (const group of optionGroups) {
    const options = optionsFor(selected).filter((spec) => spec.group === group);
    if (group === 'General') lines.push('', 'General:', ...builtInOptions(selected));
    else if (options.length > 0) lines.push('', `${group}:`);
    for (const spec of options) lines.push(...describeOption(spec, selected));
  }
  if (selected === undefined) {
    lines.push('', 'Run "gatehouse <command> --help" to see only the options of that command.');
  }
  return `${lines.join('\n')}\n`;
}

function builtInOptions(command: CommandName | undefined): string[] {
  const target = command === undefined ? 'Show this help; after a command, only that command\'s options.' : 'Show this help.';
  return [
    '  --help, -h', ...wrap(target, indent),
    '  --version, -V', ...wrap('Print the Gatehouse version.', indent),
  ];
}

function describeOption(spec: OptionSpec, command: CommandName | undefined): string[] {
  const sentences = [spec.description];
  const shownDefault = defaultSentence(spec, command);
  if (shownDefault) sentences.push(shownDefault);
  if (command === undefined && spec.commands.length < commands.length) sentences.push(`Commands: ${spec.commands.join(', ')}.`);
  return [
    `  ${spec.flag}${placeholder(spec)}`,
    ...wrap(sentences.join(' '), indent),
    ...wrap(`Env: ${envNames(spec).join(', ')}`, indent),
  ];
}

function placeholder(spec: OptionSpec): string {
  if (spec.type === 'boolean') return '[=true|false]';
  if (spec.type === 'enum') return ` <${(spec.values ?? []).join('|')}>`;
  return ` ${spec.placeholder ?? '<value>'}`;
}

/** Root help shows both defaults when they differ; a command's help shows the one that applies. */
function defaultSentence(spec: OptionSpec, command: CommandName | undefined): string | undefined {
  const normal = displayDefault(spec, false);
  if (command !== undefined) {
    const applies = displayDefault(spec, command === 'start-dev');
    return applies === undefined ? undefined : `Default: ${applies}.`;
  }
  if (spec.devDefault === undefined) return normal === undefined ? undefined : `Default: ${normal}.`;
  const dev = displayDefault(spec, true);
  return normal === undefined ? `Default in start-dev: ${dev}.` : `Default: ${normal} (start-dev: ${dev}).`;
}

/** Greedy word wrap at {@link width} columns; the first line may carry its own prefix. */
function wrap(text: string, prefix: string, firstPrefix = prefix): string[] {
  const lines: string[] = [];
  let line = firstPrefix;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = prefix;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
