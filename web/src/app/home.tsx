import { SystemStatus } from '../features/system/system-status'

export function Home() {
  return (
    <>
      <header>
        <h1>linkhub</h1>
        <p className="muted">Your TikTok videos, turned into a shop, short links and a WhatsApp bot.</p>
      </header>
      <SystemStatus />
    </>
  )
}
