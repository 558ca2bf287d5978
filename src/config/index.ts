/**
 * Gatehouse configuration: the option schema, the command-line loader and `--help`.
 * Other modules import from here, never from the files behind it.
 */
export {
  loadConfig, productionProblems, bootstrapPasswordProblem,
  type CliInvocation, type GatehouseConfig, type DatabaseConfig,
} from './load.ts';
export { helpText } from './help.ts';
export {
  optionSchema, optionGroups, commands, commandDescriptions, envNames, optionByFlag, optionsFor, displayDefault,
  type CommandName, type OptionSpec, type OptionType, type OptionValue, type OptionGroup, type GatehouseOptions,
  type DbVendor, type ProxyHeaders, type LogLevel, type ExportUsers,
} from './schema.ts';
