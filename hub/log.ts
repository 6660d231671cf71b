import { pino, stdTimeFunctions, type Logger } from 'pino';

/**
 * The hub's log: JSON lines written by pino, the logger Fastify itself uses (createHub hands it
 * `pino`, so Fastify's own lines share the format). Each line is
 * `{"level":"info","time":"<ISO>","message":"…",…fields}`. Callers pass a message and plain
 * fields; they never log a record's values or a request body, so no visitor's personal data
 * reaches the log. Implementations never throw.
 */
export interface HubLog {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** The pino logger underneath, for Fastify (`loggerInstance`). */
  readonly pino: Logger;
}

/** Where log lines go: anything with a `write(line)` (a stream, or a function's wrapper). */
export interface LogSink {
  write(line: string): void;
}

function hubLogOver(logger: Logger): HubLog {
  return {
    pino: logger,
    info: (message, fields) => {
      logger.info(fields ?? {}, message);
    },
    warn: (message, fields) => {
      logger.warn(fields ?? {}, message);
    },
    error: (message, fields) => {
      logger.error(fields ?? {}, message);
    },
  };
}

/**
 * A pino log writing one JSON object per line to `sink` (stderr by default, so stdout stays free
 * for CLI output). The Authorization header is censored should a request ever be logged.
 */
export function jsonLog(sink: LogSink = process.stderr): HubLog {
  const logger = pino(
    {
      messageKey: 'message',
      timestamp: stdTimeFunctions.isoTime,
      base: null,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[hidden]' },
    },
    sink,
  );
  return hubLogOver(logger);
}

/** One line of a memoryLog, parsed. */
export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/**
 * The same pino log, kept in memory for tests that assert on what was logged: `lines` reads
 * `"<level>: <message>"`, `entries` holds every parsed line with its fields.
 */
export function memoryLog(): HubLog & { readonly lines: string[]; readonly entries: LogEntry[] } {
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const log = jsonLog({
    write(line) {
      const entry = JSON.parse(line) as LogEntry;
      entries.push(entry);
      lines.push(`${entry.level}: ${entry.message}`);
    },
  });
  return { ...log, lines, entries };
}
