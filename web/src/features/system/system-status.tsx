import { useQuery } from '@tanstack/react-query'
import { call, client } from '../../lib/api-client'

const LABELS: Record<string, string> = { database: 'Database', queues: 'Queues', storage: 'Media storage', renderNode: 'Render node' }

/** System status, shown on the home page until the dashboard replaces it. */
export function SystemStatus() {
  const { data: health, error } = useQuery({ queryKey: ['health'], queryFn: () => call(client.api.health.$get()), refetchInterval: 10_000 })
  if (error)
    return (
      <p role="alert" className="error">
        Could not reach the hub API. Is `npm start` still running?
      </p>
    )
  if (!health) return <p aria-busy="true">Checking the hub…</p>
  return (
    <section aria-label="System status" className="card">
      <h2>
        System status:{' '}
        <span data-testid="overall-status" className={`pill ${health.status}`}>
          {health.status}
        </span>
      </h2>
      <ul className="checks">
        {Object.entries(health.checks).map(([name, check]) => (
          <li key={name} data-testid={`check-${name}`}>
            <span>{LABELS[name] ?? name}</span>
            <span className={`pill ${check.status}`}>{check.status}</span>
            {check.latencyMs !== undefined ? <span className="muted">{check.latencyMs} ms</span> : null}
            {check.error ? <span className="muted">{check.error}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
