// CPU time of a process tree, read from /proc (Linux): what the hub's processes (wrangler,
// workerd, Postgres and its backends, PgBouncer, the render node) spent between two snapshots.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
})()

type ProcStat = { pid: number; ppid: number; comm: string; ticks: number }

function readStat(pid: number): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
    const close = s.lastIndexOf(')')
    const comm = s.slice(s.indexOf('(') + 1, close)
    const f = s.slice(close + 2).split(' ')
    // fields after comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
    return { pid, ppid: Number(f[1]), comm, ticks }
  } catch {
    return undefined
  }
}

/**
 * Every live descendant of `root` (not `root` itself) with its CPU ticks, own plus reaped
 * children's (so Postgres backends that exited count through the postmaster).
 */
export function descendantsOf(root: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((p): p is ProcStat => p !== undefined)
  const children = new Map<number, ProcStat[]>()
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p])
  const out: ProcStat[] = []
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c)
      walk(c.pid)
    }
  }
  walk(root)
  return out
}

/** A snapshot of the CPU of `root`'s descendants; `since()` gives the milliseconds spent since, per command name and in all. */
export function cpuSnapshot(root = process.pid) {
  const before = new Map(descendantsOf(root).map((p) => [p.pid, p.ticks]))
  const self = process.cpuUsage()
  return {
    since() {
      const byCommand: Record<string, number> = {}
      let total = 0
      for (const p of descendantsOf(root)) {
        const ms = ((p.ticks - (before.get(p.pid) ?? 0)) / TICKS_PER_SECOND) * 1000
        if (ms <= 0) continue
        byCommand[p.comm] = (byCommand[p.comm] ?? 0) + ms
        total += ms
      }
      const own = process.cpuUsage(self)
      return { descendantsMs: total, byCommand, selfMs: (own.user + own.system) / 1000 }
    },
  }
}
