// The opening every command-line script shares: its arguments, then the configuration, each
// failing with a sentence on stderr and the script's exit code instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type AppConfig, ConfigError, loadConfig } from '../server/config.ts';

/** The parsed arguments, or null after printing the mistake and the usage (exit 2: a wrong call). */
export function parseScriptArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs(config);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return null;
  }
}

/** The configuration, or null after printing which environment variables to fix (exit 1). */
export function loadScriptConfig(): AppConfig | null {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return null;
  }
}
