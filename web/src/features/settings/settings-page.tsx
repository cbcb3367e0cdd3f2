import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ExternalLink, KeyRound, Plus, Store, Trash2, UserPlus, Users } from 'lucide-react'
import { useState } from 'react'
import { API_TOKEN_SCOPE_LABELS, API_TOKEN_SCOPES, type ApiTokenScope } from '../../../../contracts/api-token-scopes'
import { ConfirmDialog } from '../../components/ui/confirm-dialog'
import {
  Badge,
  Button,
  CardContent,
  CardFooter,
  Checkbox,
  CurrencyField,
  EmptyState,
  ErrorNote,
  Field,
  PageHeader,
  Picker,
  Saved,
  Select,
  Skeleton,
  SkeletonRows,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'
import { hasRole, ME_KEY, type Role, useMe } from '../../lib/use-me'
import { DataPrivacySettings } from './data-privacy-settings'
import { RequireTwoFactorSetting, SecuritySettings } from './security-settings'
import { OneTimeValue, Row, SettingsCard } from './settings-parts'

const ROLE_OPTIONS = [
  { value: 'owner', label: 'owner' },
  { value: 'staff', label: 'staff' },
  { value: 'viewer', label: 'viewer' },
] as const satisfies readonly { value: Role; label: string }[]

const fmtDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

/** Shop, team, API tokens and the user's own security settings. */
export function SettingsPage() {
  const { data: me } = useMe()
  const owner = hasRole(me, 'owner')
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <PageHeader title="Settings" description="Your shop, your team and programmatic access." className="mb-0" />
      {owner ? <ShopSettings /> : null}
      <MembersSettings owner={owner} myId={me?.user.id ?? ''} />
      {owner ? <TokenSettings /> : null}
      <SecuritySettings />
      {owner ? <DataPrivacySettings /> : null}
      {owner ? <RequireTwoFactorSetting /> : null}
    </div>
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
      toast.success('Shop saved')
      qc.invalidateQueries({ queryKey: ['shop'] })
      qc.invalidateQueries({ queryKey: ME_KEY })
    },
    onError: toast.error,
  })
  const errors = fieldErrors(save.error)
  const dirty = Object.keys(draft).length > 0
  return (
    <SettingsCard icon={<Store aria-hidden="true" />} title="Shop" description="The name shoppers see and the currency new products start in.">
      {shop.error ? (
        <CardContent>
          <ErrorNote error={shop.error} action={<Button onClick={() => shop.refetch()}>Try again</Button>} />
        </CardContent>
      ) : !shop.data ? (
        <CardContent className="grid gap-4 sm:grid-cols-2" role="status" aria-busy="true">
          <span className="sr-only">Loading your shop…</span>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </CardContent>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (dirty) save.mutate()
          }}
        >
          <CardContent className="flex flex-col gap-4 pt-4">
            <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
              <Field
                label="Shop name"
                value={draft.name ?? shop.data.name}
                error={errors.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
              <CurrencyField
                label="Default currency"
                value={draft.defaultCurrency ?? shop.data.defaultCurrency}
                hint="New products start in it; type a code or a name (KES, shilling)."
                error={errors.defaultCurrency}
                onValueChange={(code) => setDraft({ ...draft, defaultCurrency: code })}
              />
            </div>
            <p className="text-sm text-muted-foreground">
              Storefront address:{' '}
              <a
                href={`/@${shop.data.slug}`}
                target="_blank"
                rel="noreferrer"
                className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
              >
                /@{shop.data.slug}
                <ExternalLink className="size-3.5" aria-hidden="true" />
              </a>
            </p>
            {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} /> : null}
          </CardContent>
          <CardFooter className="flex-wrap">
            <Button type="submit" disabled={!dirty} busy={save.isPending}>
              Save shop
            </Button>
            {save.isSuccess && !dirty ? <Saved /> : null}
          </CardFooter>
        </form>
      )}
    </SettingsCard>
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
      toast.success('Invite link created')
      qc.invalidateQueries({ queryKey: ['invites'] })
    },
    onError: toast.error,
  })
  const changeRole = useMutation({
    mutationFn: (v: { userId: string; role: Role; email: string }) =>
      call(client.api.members[':userId'].$patch({ param: { userId: v.userId }, json: { role: v.role } })),
    onSuccess: (_r, v) => toast.success(`${v.email} is now ${v.role}`),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['members'] }),
  })
  const removeMember = useMutation({
    mutationFn: (userId: string) => call(client.api.members[':userId'].$delete({ param: { userId } })),
    onSuccess: () => toast.success('Member removed'),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['members'] }),
  })
  const withdraw = useMutation({
    mutationFn: (id: string) => call(client.api.invites[':id'].$delete({ param: { id } })),
    onSuccess: () => toast.success('Invite withdrawn'),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['invites'] }),
  })
  const inviteErrors = fieldErrors(invite.error)
  return (
    <SettingsCard
      icon={<Users aria-hidden="true" />}
      title="Team"
      description="Owners manage everything; staff edit the catalog and handle the inbox; viewers only look."
    >
      <CardContent className="pt-2">
        {members.isLoading ? <SkeletonRows rows={2} label="Loading your team…" /> : null}
        {members.error ? <ErrorNote error={members.error} action={<Button onClick={() => members.refetch()}>Try again</Button>} /> : null}
        {members.data ? (
          <ul className="divide-y">
            {members.data.items.map((m) => (
              <Row
                key={m.userId}
                data-testid="member-row"
                actions={
                  owner && m.userId !== myId ? (
                    <>
                      <Picker
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        options={ROLE_OPTIONS}
                        disabled={changeRole.isPending && changeRole.variables?.userId === m.userId}
                        onValueChange={(r) => changeRole.mutate({ userId: m.userId, role: r, email: m.email })}
                        className="w-28"
                      />
                      <ConfirmDialog
                        title="Remove member?"
                        description={`${m.name || m.email} loses access to this shop right away. You can invite them again later.`}
                        confirmLabel="Remove member"
                        onConfirm={() => removeMember.mutateAsync(m.userId)}
                      >
                        <Button variant="ghost">
                          <Trash2 aria-hidden="true" />
                          Remove
                        </Button>
                      </ConfirmDialog>
                    </>
                  ) : (
                    <Badge tone={m.role === 'owner' ? 'primary' : 'neutral'} className="pill">
                      {m.role}
                    </Badge>
                  )
                }
              >
                <span className="truncate font-medium">
                  {m.name || m.email}
                  {m.userId === myId ? <span className="font-normal text-muted-foreground"> (you)</span> : null}
                </span>
                {m.name ? <span className="truncate text-xs text-muted-foreground">{m.email}</span> : null}
              </Row>
            ))}
          </ul>
        ) : null}
      </CardContent>
      {owner ? (
        <form
          className="border-t"
          onSubmit={(e) => {
            e.preventDefault()
            invite.mutate()
          }}
        >
          <CardContent className="flex flex-col gap-4">
            <h3 className="flex items-center gap-2 text-sm font-semibold">
              <UserPlus className="size-4 text-muted-foreground" aria-hidden="true" />
              Invite someone
            </h3>
            <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
              <Field
                label="Email (optional)"
                type="email"
                value={email}
                error={inviteErrors.email}
                onChange={(e) => setEmail(e.target.value)}
                hint="Only this address can use the link."
              />
              <Select label="Role" value={role} options={ROLE_OPTIONS} onValueChange={(r) => setRole(r)} error={inviteErrors.role} />
            </div>
            <div>
              <Button type="submit" busy={invite.isPending}>
                <Plus aria-hidden="true" />
                Create invite link
              </Button>
            </div>
            {invite.error && !Object.keys(inviteErrors).length ? <ErrorNote error={invite.error} /> : null}
            {link ? (
              <OneTimeValue
                tone="success"
                heading="Send this link (valid 7 days, once):"
                value={link}
                testId="invite-link"
                copyLabel="Copy link"
                copied="Invite link copied"
              />
            ) : null}
            {invites.data?.items.length ? (
              <div className="flex flex-col gap-1">
                <h4 className="text-sm font-medium">Pending invites</h4>
                <ul className="divide-y">
                  {invites.data.items.map((i) => (
                    <Row
                      key={i.id}
                      actions={
                        <Button variant="ghost" size="sm" busy={withdraw.isPending && withdraw.variables === i.id} onClick={() => withdraw.mutate(i.id)}>
                          Withdraw
                        </Button>
                      }
                    >
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="truncate">{i.email ?? 'anyone with the link'}</span>
                        <Badge tone="outline">{i.role}</Badge>
                      </span>
                      <span className="text-xs text-muted-foreground">expires {fmtDate(i.expiresAt)}</span>
                    </Row>
                  ))}
                </ul>
              </div>
            ) : null}
          </CardContent>
        </form>
      ) : null}
    </SettingsCard>
  )
}

function TokenSettings() {
  const qc = useQueryClient()
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => call(client.api.tokens.$get()) })
  const [name, setName] = useState('')
  const [role, setRole] = useState<'staff' | 'viewer'>('staff')
  const [scopes, setScopes] = useState<ApiTokenScope[]>([...API_TOKEN_SCOPES])
  const [allowlist, setAllowlist] = useState('')
  const [secret, setSecret] = useState<string | null>(null)
  const ipAllowlist = allowlist
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean)
  const create = useMutation({
    mutationFn: () => call(client.api.tokens.$post({ json: { name, role, scopes, ipAllowlist } })),
    onSuccess: (r) => {
      setSecret(r.token)
      setName('')
      setAllowlist('')
      toast.success('Token created: copy it now')
      qc.invalidateQueries({ queryKey: ['tokens'] })
    },
    onError: toast.error,
  })
  const revoke = useMutation({
    mutationFn: (id: string) => call(client.api.tokens[':id'].$delete({ param: { id } })),
    onSuccess: () => toast.success('Token revoked'),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  })
  const errors = fieldErrors(create.error)
  return (
    <SettingsCard
      icon={<KeyRound aria-hidden="true" />}
      title="API tokens"
      description={
        <>
          For scripts and integrations: send{' '}
          <code className="rounded bg-muted px-1 font-mono text-xs text-foreground">Authorization: Bearer &lt;token&gt;</code>. See the{' '}
          <a href="/api/docs" className="font-medium text-primary underline underline-offset-4">
            API docs
          </a>
          .
        </>
      }
    >
      <CardContent className="pt-2">
        {tokens.isLoading ? <SkeletonRows rows={2} label="Loading tokens…" /> : null}
        {tokens.error ? <ErrorNote error={tokens.error} action={<Button onClick={() => tokens.refetch()}>Try again</Button>} /> : null}
        {tokens.data && !tokens.data.items.length ? (
          <EmptyState title="No API tokens" icon={<KeyRound aria-hidden="true" />}>
            Create one below to use the API from your own tools, e.g. an inventory sync.
          </EmptyState>
        ) : null}
        {tokens.data?.items.length ? (
          <ul className="divide-y">
            {tokens.data.items.map((t) => (
              <Row
                key={t.id}
                actions={
                  <ConfirmDialog
                    title={`Revoke "${t.name}"?`}
                    description="Scripts using it stop working right away. This cannot be undone."
                    confirmLabel="Revoke token"
                    onConfirm={() => revoke.mutateAsync(t.id)}
                  >
                    <Button variant="danger" size="sm">
                      Revoke
                    </Button>
                  </ConfirmDialog>
                }
              >
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{t.name}</span>
                  <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground">{t.prefix}…</code>
                  <Badge tone="outline">{t.role}</Badge>
                  {t.scopes.length === API_TOKEN_SCOPES.length ? (
                    <Badge tone="outline">all scopes</Badge>
                  ) : (
                    t.scopes.map((sc) => (
                      <Badge key={sc} tone="outline">
                        {sc}
                      </Badge>
                    ))
                  )}
                </span>
                <span className="text-xs text-muted-foreground" data-testid="token-last-used">
                  {t.lastUsedAt ? `Last used ${new Date(t.lastUsedAt).toLocaleString()}${t.lastUsedIp ? ` from ${t.lastUsedIp}` : ''}` : 'Never used'}
                  {t.ipAllowlist.length ? ` · only from ${t.ipAllowlist.join(', ')}` : ''}
                </span>
              </Row>
            ))}
          </ul>
        ) : null}
      </CardContent>
      <form
        className="border-t"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) create.mutate()
        }}
      >
        <CardContent className="flex flex-col gap-4">
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <Field label="Token name" placeholder="e.g. inventory sync" value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
            <Select
              label="Role"
              value={role}
              options={[
                { value: 'staff', label: 'staff (read and write)' },
                { value: 'viewer', label: 'viewer (read only)' },
              ]}
              onValueChange={(r) => setRole(r)}
              error={errors.role}
            />
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Scopes</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {API_TOKEN_SCOPES.map((sc) => (
                <label key={sc} className="flex items-start gap-2 text-sm">
                  <Checkbox
                    checked={scopes.includes(sc)}
                    onCheckedChange={(c) => setScopes(c === true ? [...scopes, sc] : scopes.filter((x) => x !== sc))}
                    className="mt-0.5"
                  />
                  <span>
                    <code className="font-mono text-xs">{sc}</code> <span className="text-muted-foreground">{API_TOKEN_SCOPE_LABELS[sc]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.scopes ? <p className="text-sm text-destructive">{errors.scopes}</p> : null}
          </fieldset>
          <Field
            label="IP allowlist (optional)"
            placeholder="e.g. 203.0.113.0/24, 2001:db8::/32"
            hint="Addresses or CIDRs, separated by commas; empty: usable from anywhere."
            value={allowlist}
            error={Object.entries(errors).find(([k]) => k.startsWith('ipAllowlist'))?.[1]}
            onChange={(e) => setAllowlist(e.target.value)}
          />
          <div>
            <Button type="submit" disabled={!name.trim() || !scopes.length} busy={create.isPending}>
              <Plus aria-hidden="true" />
              Create token
            </Button>
          </div>
          {create.error && !Object.keys(errors).length ? <ErrorNote error={create.error} /> : null}
          {secret ? (
            <OneTimeValue
              tone="warning"
              heading="Copy it now; it will not be shown again:"
              value={secret}
              testId="token-secret"
              copyLabel="Copy token"
              copied="Token copied"
            />
          ) : null}
        </CardContent>
      </form>
    </SettingsCard>
  )
}
