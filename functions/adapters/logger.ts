/**
 * Structured logs through Powertools Logger: one JSON line per event, service `podium`, on stdout
 * (info) or stderr (warn, error), which Lambda ships to CloudWatch Logs. The only module that
 * imports Powertools Logger; everything else speaks the `Log` port (use-cases/ports.ts).
 *
 * One Powertools logger per process, and per-request keys (request and correlation id) carried by
 * `child()` as fields of each call, not stored in the logger: requests that run concurrently in
 * one process (locally, always) cannot see each other's ids, and a child costs an object, not a
 * new Powertools logger (`createChild` builds one, ≈ 70 µs here, and marks each child's first line
 * as a cold start).
 *
 * The threshold comes from Lambda's own log-level control if set, else `POWERTOOLS_LOG_LEVEL` /
 * `LOG_LEVEL` (validated in config.ts); by default INFO inside Lambda (which sets
 * AWS_LAMBDA_FUNCTION_NAME) and WARN anywhere else — scripts, benchmarks and tools that load a
 * bundle print only what needs attention. `setLogLevel` changes it for the whole process.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Log, LogFields } from '../use-cases/ports.ts';
import type { LogLevel } from './config.ts';

const env = process.env;
const powertools = new Logger({
  serviceName: 'podium',
  logLevel: (env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL || (env.AWS_LAMBDA_FUNCTION_NAME ? 'INFO' : 'WARN')) as LogLevel,
});

/** Under `error`: Powertools writes an Error's name, location, message and stack; anything else by its text. */
function causeOf(cause: unknown): { error: Error | string } {
  return { error: cause instanceof Error ? cause : String(cause) };
}

function scoped(fields: LogFields): Log {
  return {
    info: (message, more) => powertools.info(message, { ...fields, ...more }),
    warn: (message, more) => powertools.warn(message, { ...fields, ...more }),
    error: (message, more, cause) => powertools.error(message, { ...fields, ...more, ...(cause === undefined ? {} : causeOf(cause)) }),
    child: (more) => scoped({ ...fields, ...more }),
  };
}

/** The process's logger; give each request or event its own `log.child({ requestId, correlationId })`. */
export const log: Log = scoped({});

export function setLogLevel(level: LogLevel): void {
  powertools.setLogLevel(level);
}

/**
 * Adds the Lambda invocation's facts (function name, memory, `function_request_id`, `cold_start`)
 * to every line until the next invocation. Lambda runs one invocation at a time per container
 * (Powertools keeps them apart where it does not), so this is safe to call per invocation.
 */
export function addLambdaContext(context: Parameters<Logger['addContext']>[0]): void {
  powertools.addContext(context);
}
