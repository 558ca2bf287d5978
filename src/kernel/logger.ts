/**
 * The logging port. Fastify's pino logger satisfies it; domain code receives one and never
 * imports pino. Never pass a password, token or secret in `fields`.
 */
export interface Logger {
  info(fields: object, message: string): void;
  info(message: string): void;
  warn(fields: object, message: string): void;
  warn(message: string): void;
  error(fields: object, message: string): void;
  error(message: string): void;
  debug(fields: object, message: string): void;
  debug(message: string): void;
  child(bindings: object): Logger;
}

/** A logger that drops everything, for tests and tools. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
