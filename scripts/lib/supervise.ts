import type { ChildProcess } from 'node:child_process'

export type Supervised = {
  /** The child now running (undefined while it is down or being restarted). */
  current: () => ChildProcess | undefined
  /** Starts it (again) now and waits until it is ready; supervision resumes. */
  start: () => Promise<ChildProcess>
  /** Stops supervising (an exit after this is not restarted); returns the child to stop. */
  pause: () => ChildProcess | undefined
  /** Number of restarts after unexpected exits. */
  restarts: () => number
}

/**
 * Keeps a child process running: when it exits without being asked to, it is started again
 * after a pause that doubles on every failed start (`minDelayMs` … `maxDelayMs`) and resets
 * once it has stayed up for `stableMs`. Each exit and each return is logged.
 */
export function supervise(options: {
  name: string
  /** Spawns the child and resolves once it is ready (rejects if it cannot start). */
  launch: () => Promise<ChildProcess>
  log: (line: string) => void
  /** A child already running (started by the caller) to supervise from now on. */
  adopt?: ChildProcess
  minDelayMs?: number
  maxDelayMs?: number
  stableMs?: number
}): Supervised {
  const minDelay = options.minDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 30_000
  const stableMs = options.stableMs ?? 30_000
  let child: ChildProcess | undefined
  let active = false
  let delay = minDelay
  let restarts = 0
  let timer: NodeJS.Timeout | undefined
  let upSince = 0

  const watch = (c: ChildProcess) => {
    child = c
    upSince = Date.now()
    c.once('exit', (code, signal) => {
      if (child === c) child = undefined
      if (!active) return
      if (Date.now() - upSince > stableMs) delay = minDelay
      options.log(`${options.name} exited (${signal ? `signal ${signal}` : `code ${code}`}); restarting in ${delay} ms`)
      schedule()
    })
  }

  const schedule = () => {
    clearTimeout(timer)
    const wait = delay
    delay = Math.min(maxDelay, delay * 2)
    const downAt = Date.now()
    timer = setTimeout(async () => {
      if (!active) return
      try {
        const c = await options.launch()
        if (!active) {
          c.kill('SIGTERM')
          return
        }
        restarts++
        options.log(`${options.name} is back (restart ${restarts}, down ${Date.now() - downAt + wait} ms)`)
        watch(c)
      } catch (err) {
        options.log(`${options.name} could not be restarted: ${(err as Error).message}; trying again in ${delay} ms`)
        schedule()
      }
    }, wait)
  }

  if (options.adopt) {
    active = true
    watch(options.adopt)
  }

  return {
    current: () => child,
    restarts: () => restarts,
    pause() {
      active = false
      clearTimeout(timer)
      return child
    },
    async start() {
      clearTimeout(timer)
      const c = await options.launch()
      active = true
      delay = minDelay
      watch(c)
      return c
    },
  }
}
