import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** Prometheus metrics of one render node, served at /metrics. */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    jobs: new Counter({ name: 'render_jobs_total', help: 'Render jobs by type and outcome', labelNames: ['type', 'outcome'] as const, registers: [registry] }),
    duration: new Histogram({
      name: 'render_job_duration_seconds',
      help: 'Render job duration by type',
      labelNames: ['type'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    inFlight: new Gauge({ name: 'render_jobs_in_flight', help: 'Jobs running now', registers: [registry] }),
    waiting: new Gauge({ name: 'render_jobs_waiting', help: 'Jobs accepted and waiting for a slot (the queue depth this node sees)', registers: [registry] }),
  }
}
export type RenderMetrics = ReturnType<typeof createMetrics>
