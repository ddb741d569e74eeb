import { ConfigError } from '../config.js';
import { DataFolderError } from '../db/connect.js';
import { DataLockedError } from '../db/data-lock.js';

/** A command line that does not fit the command's usage: the command prints the message and its usage, exit 2. */
export class UsageError extends Error {}

/** Errors of opening the configured database that a command reports in one line, without a stack trace. */
export function isStartupError(e: unknown): e is ConfigError | DataLockedError | DataFolderError {
  return e instanceof ConfigError || e instanceof DataLockedError || e instanceof DataFolderError;
}
