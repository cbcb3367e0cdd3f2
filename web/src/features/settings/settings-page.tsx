import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button, EmptyState, ErrorNote, Field, Loading, Select } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { hasRole, ME_KEY, type Role, useMe } from '../../lib/use-me'

/** Shop, team, API tokens and the user's own security settings. */
export function SettingsPage() {
  const { data: me } = useMe()
  const owner = hasRole(me, 'owner')
  return (
    <section className="settings">
      <header className="page-head">
        <div>
          <h1>Settings</h1>
          <p className="muted">Your shop, your team and programmatic access.</p>
        </div>
      </header>
      {owner ? <ShopSettings /> : null}
      <MembersSettings owner={owner} myId={me?.user.id ?? ''} />
      {owner ? <TokenSettings /> : null}
      <SecuritySettings />
    </section>
  )
}

function ShopSettings() {
  const qc = useQueryClient()
  const shop = useQuery({ queryKey: ['shop'], queryFn: () => call(client.api.shop.$get()) })
  const [draft, setDraft] = useState<{ name?: string; defaultCurrency?: string }>({})
  const save = useMutation({
    mutationFn: () => call(client.api.shop.$patch({ json: draft })),
    onSuccess: () => {
      setDraft({})
      qc.invalidateQueries({ queryKey: ['shop'] })
      qc.invalidateQueries({ queryKey: ME_KEY })
    },
  })
  if (!shop.data) return shop.error ? <ErrorNote error={shop.error} /> : <Loading />
  return (
    <div className="card">
      <h2>Shop</h2>
      <div className="row">
        <Field label="Shop name" value={draft.name ?? shop.data.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <Field
          label="Default currency"
          maxLength={3}
          value={draft.defaultCurrency ?? shop.data.defaultCurrency}
          onChange={(e) => setDraft({ ...draft, defaultCurrency: e.target.value.toUpperCase() })}
        />
      </div>
      <p className="muted">Storefront address: /@{shop.data.slug}</p>
      {save.error ? <ErrorNote error={save.error} /> : null}
      <Button disabled={!Object.keys(draft).length} busy={save.isPending} onClick={() => save.mutate()}>
        Save shop
      </Button>
    </div>
  )
}

function MembersSettings({ owner, myId }: { owner: boolean; myId: string }) {
  const qc = useQueryClient()
  const members = useQuery({ queryKey: ['members'], queryFn: () => call(client.api.members.$get()) })
  const invites = useQuery({ queryKey: ['invites'], queryFn: () => call(client.api.invites.$get()), enabled: owner })
  const [role, setRole] = useState<Role>('staff')
  const [email, setEmail] = useState('')
  const [link, setLink] = useState<string | null>(null)
  const invite = useMutation({
    mutationFn: () => call(client.api.invites.$post({ json: { role, email: email.trim() || undefined } })),
    onSuccess: (r) => {
      setLink(r.url)
      setEmail('')
      qc.invalidateQueries({ queryKey: ['invites'] })
    },
  })
  const changeRole = useMutation({
    mutationFn: (v: { userId: string; role: Role }) => call(client.api.members[':userId'].$patch({ param: { userId: v.userId }, json: { role: v.role } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['members'] }),
  })
  const removeMember = useMutation({
    mutationFn: (userId: string) => call(client.api.members[':userId'].$delete({ param: { userId } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['members'] }),
  })
  const withdraw = useMutation({
    mutationFn: (id: string) => call(client.api.invites[':id'].$delete({ param: { id } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['invites'] }),
  })
  return (
    <div className="card">
      <h2>Team</h2>
      <p className="muted">Owners manage everything; staff edit the catalog and handle the inbox; viewers only look.</p>
      {members.isLoading ? <Loading /> : null}
      {members.error ? <ErrorNote error={members.error} /> : null}
      <ul className="list">
        {members.data?.items.map((m) => (
          <li key={m.userId} data-testid="member-row">
            <span>
              {m.name || m.email} <small className="muted">{m.email}</small>
            </span>
            {owner && m.userId !== myId ? (
              <span className="inline-form">
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                >
                  <option value="owner">owner</option>
                  <option value="staff">staff</option>
                  <option value="viewer">viewer</option>
                </select>
                <Button variant="ghost" onClick={() => confirm(`Remove ${m.email} from the shop?`) && removeMember.mutate(m.userId)}>
                  Remove
                </Button>
              </span>
            ) : (
              <span className="pill">{m.role}</span>
            )}
          </li>
        ))}
      </ul>
      {changeRole.error ? <ErrorNote error={changeRole.error} /> : null}
      {removeMember.error ? <ErrorNote error={removeMember.error} /> : null}
      {owner ? (
        <>
          <h3>Invite someone</h3>
          <div className="row">
            <Field label="Email (optional)" type="email" value={email} onChange={(e) => setEmail(e.target.value)} hint="Only this address can use the link." />
            <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="staff">staff</option>
              <option value="viewer">viewer</option>
              <option value="owner">owner</option>
            </Select>
          </div>
          <Button busy={invite.isPending} onClick={() => invite.mutate()}>
            Create invite link
          </Button>
          {invite.error ? <ErrorNote error={invite.error} /> : null}
          {link ? (
            <p className="flash" role="status">
              Send this link (valid 7 days, once): <code data-testid="invite-link">{link}</code>
            </p>
          ) : null}
          {invites.data?.items.length ? (
            <ul className="list">
              {invites.data.items.map((i) => (
                <li key={i.id}>
                  <span>
                    {i.email ?? 'anyone with the link'} · {i.role} <small className="muted">expires {new Date(i.expiresAt).toLocaleDateString()}</small>
                  </span>
                  <Button variant="ghost" onClick={() => withdraw.mutate(i.id)}>
                    Withdraw
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

function TokenSettings() {
  const qc = useQueryClient()
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => call(client.api.tokens.$get()) })
  const [name, setName] = useState('')
  const [role, setRole] = useState<'staff' | 'viewer'>('staff')
  const [secret, setSecret] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: () => call(client.api.tokens.$post({ json: { name, role } })),
    onSuccess: (r) => {
      setSecret(r.token)
      setName('')
      qc.invalidateQueries({ queryKey: ['tokens'] })
    },
  })
  const revoke = useMutation({
    mutationFn: (id: string) => call(client.api.tokens[':id'].$delete({ param: { id } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  })
  return (
    <div className="card">
      <h2>API tokens</h2>
      <p className="muted">
        For scripts and integrations: send <code>Authorization: Bearer &lt;token&gt;</code>. See the <a href="/api/docs">API docs</a>.
      </p>
      {tokens.data && !tokens.data.items.length ? <EmptyState title="No API tokens">Create one to use the API from your own tools.</EmptyState> : null}
      <ul className="list">
        {tokens.data?.items.map((t) => (
          <li key={t.id}>
            <span>
              {t.name} <code>{t.prefix}…</code> · {t.role}{' '}
              <small className="muted">{t.lastUsedAt ? `used ${new Date(t.lastUsedAt).toLocaleDateString()}` : 'never used'}</small>
            </span>
            <Button variant="danger" onClick={() => confirm(`Revoke "${t.name}"? Scripts using it stop working.`) && revoke.mutate(t.id)}>
              Revoke
            </Button>
          </li>
        ))}
      </ul>
      <div className="row">
        <Field label="Token name" placeholder="e.g. inventory sync" value={name} onChange={(e) => setName(e.target.value)} />
        <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as 'staff' | 'viewer')}>
          <option value="staff">staff (read and write)</option>
          <option value="viewer">viewer (read only)</option>
        </Select>
      </div>
      <Button disabled={!name.trim()} busy={create.isPending} onClick={() => create.mutate()}>
        Create token
      </Button>
      {create.error ? <ErrorNote error={create.error} /> : null}
      {secret ? (
        <p className="flash" role="status">
          Copy it now; it will not be shown again: <code data-testid="token-secret">{secret}</code>
        </p>
      ) : null}
    </div>
  )
}

function SecuritySettings() {
  const qc = useQueryClient()
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => call(client.api.auth.sessions.$get()) })
  const revoke = useMutation({
    mutationFn: (id: string) => call(client.api.auth.sessions[':id'].$delete({ param: { id } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['sessions'] }),
  })
  const [pw, setPw] = useState({ currentPassword: '', newPassword: '' })
  const change = useMutation({
    mutationFn: () => call(client.api.auth.password.$post({ json: pw })),
    onSuccess: () => {
      setPw({ currentPassword: '', newPassword: '' })
      qc.invalidateQueries({ queryKey: ['sessions'] })
    },
  })
  return (
    <div className="card">
      <h2>Your security</h2>
      <h3>Signed-in devices</h3>
      <ul className="list">
        {sessions.data?.items.map((s) => (
          <li key={s.id}>
            <span>
              {s.userAgent?.slice(0, 60) ?? 'Unknown device'}{' '}
              <small className="muted">
                {s.ip ?? ''} · last seen {new Date(s.lastSeenAt).toLocaleString()}
              </small>
            </span>
            {s.current ? (
              <span className="pill ok">this device</span>
            ) : (
              <Button variant="ghost" onClick={() => revoke.mutate(s.id)}>
                Log out
              </Button>
            )}
          </li>
        ))}
      </ul>
      <h3>Change password</h3>
      <div className="row">
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={pw.currentPassword}
          onChange={(e) => setPw({ ...pw, currentPassword: e.target.value })}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters. Other devices are logged out."
          value={pw.newPassword}
          onChange={(e) => setPw({ ...pw, newPassword: e.target.value })}
        />
      </div>
      <Button disabled={!pw.currentPassword || pw.newPassword.length < 10} busy={change.isPending} onClick={() => change.mutate()}>
        Change password
      </Button>
      {change.error ? <ErrorNote error={change.error} /> : null}
      {change.isSuccess ? (
        <p className="flash" role="status">
          Password changed; other devices were logged out.
        </p>
      ) : null}
    </div>
  )
}
