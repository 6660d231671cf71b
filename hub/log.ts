/**
 * The hub's log: structured lines, injected into createHub so tests can capture or silence it.
 * Implementations must not throw.
 */
export interface HubLog {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** One JSON object per line on stderr (stdout stays free for CLI output). */
export function jsonLog(write: (line: string) => void = (l) => process.stderr.write(l)): HubLog {
  const line = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    write(`${JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/** A log that keeps lines in memory, for tests that assert on what was logged. */
export function memoryLog(): HubLog & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
