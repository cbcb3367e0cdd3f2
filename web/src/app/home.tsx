import { Link } from 'react-router'
import { useMe } from '../lib/use-me'

/** Dashboard home: where to start. */
export function Home() {
  const { data: me } = useMe()
  return (
    <>
      <header className="page-head">
        <h1>Welcome{me?.user.name ? `, ${me.user.name}` : ''}</h1>
        <p className="muted">Your TikTok videos, turned into a shop, short links and a WhatsApp bot.</p>
      </header>
      <div className="tiles">
        <Link className="card tile" to="/products">
          <strong>Products</strong>
          <span className="muted">Add, edit, search and publish your catalog.</span>
        </Link>
        <Link className="card tile" to="/products/import">
          <strong>Import a CSV</strong>
          <span className="muted">Bring a catalog from a spreadsheet or another shop.</span>
        </Link>
        <Link className="card tile" to="/settings">
          <strong>Team and API tokens</strong>
          <span className="muted">Invite staff, manage roles and programmatic access.</span>
        </Link>
      </div>
    </>
  )
}
