import { useEffect, useState } from 'react'

type Check = { status: 'up' | 'down'; latencyMs: number; error?: string; detail?: Record<string, unknown> }
type Health = { status: 'ok' | 'degraded' | 'down'; checks: Record<string, Check> }

const LABELS: Record<string, string> = { database: 'Database', queues: 'Queues', storage: 'Media storage', renderNode: 'Render node' }

/** System status, shown on the home page until the dashboard replaces it. */
function SystemStatus() {
  const [health, setHealth] = useState<Health | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    fetch('/api/health')
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setError('Could not reach the hub API. Is `npm start` still running?'))
  }, [])
  if (error) return <p role="alert" className="error">{error}</p>
  if (!health) return <p aria-busy="true">Checking the hub…</p>
  return (
    <section aria-label="System status" className="card">
      <h2>
        System status: <span data-testid="overall-status" className={`pill ${health.status}`}>{health.status}</span>
      </h2>
      <ul className="checks">
        {Object.entries(health.checks).map(([name, check]) => (
          <li key={name} data-testid={`check-${name}`}>
            <span>{LABELS[name] ?? name}</span>
            <span className={`pill ${check.status}`}>{check.status}</span>
            <span className="muted">{check.latencyMs} ms</span>
            {check.error ? <span className="muted">{check.error}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function App() {
  return (
    <main className="container">
      <header>
        <h1>linkhub</h1>
        <p className="muted">Your TikTok videos, turned into a shop, short links and a WhatsApp bot.</p>
      </header>
      <SystemStatus />
    </main>
  )
}
