import { SystemStatus } from '../features/system/system-status'
import { useMe } from '../lib/use-me'
import { DashboardShell } from './dashboard-layout'

/** /status: inside the dashboard for members, on its own for anyone else (up/down only). */
export function StatusRoute() {
  const { data: me, isLoading } = useMe()
  if (isLoading) return null
  if (me)
    return (
      <DashboardShell me={me}>
        <SystemStatus />
      </DashboardShell>
    )
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-4 p-4">
      <p className="text-lg font-bold">linkhub</p>
      <SystemStatus />
    </main>
  )
}
