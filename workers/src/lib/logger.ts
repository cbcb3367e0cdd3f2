const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const
export type LogLevel = keyof typeof LEVELS
export type Logger = Record<LogLevel, (msg: string, fields?: Record<string, unknown>) => void> & {
  child: (fields: Record<string, unknown>) => Logger
}

/** JSON-lines logger; every line carries the bound fields (request id, queue, job id...). */
export function createLogger(level: string | undefined, bound: Record<string, unknown> = {}): Logger {
  const min = LEVELS[(level as LogLevel) in LEVELS ? (level as LogLevel) : 'info']
  const emit = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return
    const line = JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...bound, ...fields }, errorReplacer)
    if (lvl === 'error') console.error(line)
    else if (lvl === 'warn') console.warn(line)
    else console.log(line)
  }
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(level, { ...bound, ...fields }),
  }
}

/** Fields a database driver (pg / Neon) puts on its errors: what actually went wrong. */
const DRIVER_FIELDS = ['code', 'detail', 'hint', 'severity', 'constraint', 'table', 'column', 'schema', 'where', 'routine'] as const

/**
 * Errors as JSON: name, message, stack, the driver's fields, and `cause` (itself replaced the same
 * way), so a drizzle "Failed query" shows the Postgres error under it.
 */
function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack }
    const fields = value as unknown as Record<string, unknown>
    for (const f of DRIVER_FIELDS) if (fields[f] !== undefined && fields[f] !== null) out[f] = fields[f]
    if (value.cause !== undefined) out.cause = value.cause
    return out
  }
  return value
}
