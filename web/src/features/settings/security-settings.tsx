import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { KeyRound, LogOut, Monitor, ShieldAlert, ShieldCheck, Smartphone } from 'lucide-react'
import { useState } from 'react'
import { Badge, Button, CardContent, CopyButton, ErrorNote, Field, PageHeader, Saved, SkeletonRows, Switch, toast } from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'
import { deviceName } from '../../lib/device-name'
import { ME_KEY, useMe } from '../../lib/use-me'
import { Row, SettingsCard } from './settings-parts'

const METHOD_LABEL = { password: 'Password', google: 'Google' } as const

/** /settings/security – the user's own security; where owners of a shop that requires two-factor are sent first. */
export function SecurityPage() {
  const { data: me } = useMe()
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <PageHeader title="Your security" description="Two-factor sign-in, your devices and your password." className="mb-0" />
      {me?.twoFactor.setupRequired ? (
        <div role="alert" className="flex items-start gap-3 rounded-lg border border-warning/40 bg-warning-soft p-4 text-sm">
          <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <p>
            <strong>{me.merchant?.name ?? 'This shop'} requires owners to use two-factor sign-in.</strong> Set it up below to use the shop.
          </p>
        </div>
      ) : null}
      <SecuritySettings />
    </div>
  )
}

/** Two-factor, signed-in devices (with how each signed in) and the password. */
export function SecuritySettings() {
  return (
    <>
      <TwoFactorSettings />
      <DevicesAndPassword />
    </>
  )
}

function TwoFactorSettings() {
  const qc = useQueryClient()
  const status = useQuery({ queryKey: ['two-factor'], queryFn: () => call(client.api.auth['two-factor'].$get()) })
  const [setup, setSetup] = useState<{ secret: string; uri: string; qrSvg: string } | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['two-factor'] })
    qc.invalidateQueries({ queryKey: ME_KEY })
    qc.invalidateQueries({ queryKey: ['sessions'] })
  }
  const start = useMutation({ mutationFn: () => call(client.api.auth['two-factor'].setup.$post()), onSuccess: setSetup, onError: toast.error })
  const enable = useMutation({
    mutationFn: () => call(client.api.auth['two-factor'].enable.$post({ json: { code } })),
    onSuccess: (r) => {
      setCodes(r.recoveryCodes)
      setSetup(null)
      setCode('')
      toast.success('Two-factor sign-in is on')
      refresh()
    },
  })
  const disable = useMutation({
    mutationFn: () => call(client.api.auth['two-factor'].disable.$post({ json: { code } })),
    onSuccess: () => {
      setCode('')
      setCodes(null)
      toast.success('Two-factor sign-in is off')
      refresh()
    },
  })
  const errors = fieldErrors(enable.error ?? disable.error)
  const otherError = (enable.error ?? disable.error) && !Object.keys(errors).length ? (enable.error ?? disable.error) : null
  const on = status.data?.enabled
  return (
    <SettingsCard
      icon={<Smartphone aria-hidden="true" />}
      title="Two-factor sign-in"
      description="After your password (or Google), a 6-digit code from an authenticator app such as Google Authenticator, 1Password or Authy."
    >
      <CardContent className="flex flex-col gap-4 pt-2">
        {status.isLoading ? <SkeletonRows rows={1} label="Loading two-factor…" /> : null}
        {status.error ? <ErrorNote error={status.error} /> : null}
        {status.data ? (
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="two-factor-status">
            <Badge tone={on ? 'success' : 'neutral'} className="pill">
              {on ? 'On' : 'Off'}
            </Badge>
            {on ? <span className="text-muted-foreground">{status.data.recoveryCodesLeft} of 10 recovery codes left</span> : null}
            {status.data.requiredByShop ? <span className="text-muted-foreground">Required by a shop you own.</span> : null}
          </p>
        ) : null}
        {codes ? (
          <div className="flex flex-col gap-3 rounded-lg border bg-warning-soft p-3 text-sm" role="status">
            <span className="font-medium">Recovery codes: keep them somewhere safe. Each works once if you lose your phone; they will not be shown again.</span>
            <ol data-testid="recovery-codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded bg-card p-3 font-mono text-sm sm:grid-cols-5">
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ol>
            <div>
              <CopyButton text={codes.join('\n')} size="sm" label="Copy codes" done="Recovery codes copied" />
            </div>
          </div>
        ) : null}
        {status.data && !on && !setup ? (
          <div>
            <Button busy={start.isPending} onClick={() => start.mutate()}>
              <ShieldCheck aria-hidden="true" />
              Set up two-factor
            </Button>
          </div>
        ) : null}
        {setup ? (
          <form
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault()
              enable.mutate()
            }}
          >
            <div className="flex flex-wrap items-start gap-4">
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
                alt="QR code to scan with your authenticator app"
                className="size-44 rounded-lg border bg-white p-1"
              />
              <div className="flex min-w-0 flex-1 flex-col gap-2 text-sm">
                <p>1. Scan the code with your authenticator app, or type this key into it:</p>
                <code data-testid="two-factor-secret" className="break-all rounded bg-muted px-2 py-1 font-mono text-xs">
                  {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
                </code>
                <p>2. Enter the 6-digit code it shows.</p>
              </div>
            </div>
            <div className="flex flex-wrap items-start gap-3 [&>button]:mt-6">
              <Field
                label="Code from the app"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                error={errors.code}
                onChange={(e) => setCode(e.target.value)}
                className="w-48"
              />
              <Button type="submit" disabled={code.trim().length < 6} busy={enable.isPending}>
                Turn on
              </Button>
              <Button variant="ghost" onClick={() => setSetup(null)}>
                Cancel
              </Button>
            </div>
            {otherError ? <ErrorNote error={otherError} /> : null}
          </form>
        ) : null}
        {on ? (
          <form
            className="flex flex-wrap items-start gap-3 border-t pt-4 [&>button]:mt-6"
            onSubmit={(e) => {
              e.preventDefault()
              disable.mutate()
            }}
          >
            <Field
              label="Code to turn it off"
              hint="From the app, or a recovery code."
              autoComplete="one-time-code"
              value={code}
              error={errors.code}
              onChange={(e) => setCode(e.target.value)}
              className="w-56"
            />
            <Button type="submit" variant="secondary" disabled={code.trim().length < 6} busy={disable.isPending}>
              Turn off
            </Button>
            {otherError ? <ErrorNote error={otherError} className="basis-full" /> : null}
          </form>
        ) : null}
      </CardContent>
    </SettingsCard>
  )
}

function DevicesAndPassword() {
  const qc = useQueryClient()
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => call(client.api.auth.sessions.$get()) })
  const revoke = useMutation({
    mutationFn: (id: string) => call(client.api.auth.sessions[':id'].$delete({ param: { id } })),
    onSuccess: () => toast.success('That device is logged out'),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['sessions'] }),
  })
  const [pw, setPw] = useState({ currentPassword: '', newPassword: '' })
  const change = useMutation({
    mutationFn: () => call(client.api.auth.password.$post({ json: pw })),
    onSuccess: () => {
      setPw({ currentPassword: '', newPassword: '' })
      toast.success('Password changed')
      qc.invalidateQueries({ queryKey: ['sessions'] })
    },
    onError: toast.error,
  })
  const errors = fieldErrors(change.error)
  const canChange = Boolean(pw.currentPassword) && pw.newPassword.length >= 10
  const [showAll, setShowAll] = useState(false)
  const items = sessions.data?.items ?? []
  return (
    <SettingsCard icon={<KeyRound aria-hidden="true" />} title="Devices and password" description="Where you are signed in, how, and your password.">
      <CardContent className="flex flex-col gap-2 pt-4">
        <h3 className="text-sm font-semibold">Signed-in devices</h3>
        {sessions.isLoading ? <SkeletonRows rows={2} label="Loading your devices…" /> : null}
        {sessions.error ? <ErrorNote error={sessions.error} /> : null}
        <ul className="divide-y">
          {(showAll ? items : items.slice(0, 5)).map((s) => (
            <Row
              key={s.id}
              data-testid="session-row"
              actions={
                s.current ? (
                  <Badge tone="success" className="pill ok">
                    this device
                  </Badge>
                ) : (
                  <Button variant="ghost" size="sm" busy={revoke.isPending && revoke.variables === s.id} onClick={() => revoke.mutate(s.id)}>
                    <LogOut aria-hidden="true" />
                    Log out
                  </Button>
                )
              }
            >
              <span className="flex min-w-0 flex-wrap items-center gap-2">
                <Monitor className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <span className="min-w-0 truncate" title={s.userAgent ?? undefined}>
                  {deviceName(s.userAgent)}
                </span>
                <Badge tone="outline">
                  {METHOD_LABEL[s.method]}
                  {s.secondFactor ? ' + 2FA' : ''}
                </Badge>
              </span>
              <span className="pl-6 text-xs text-muted-foreground">
                {s.ip ? `${s.ip} · ` : ''}last seen {new Date(s.lastSeenAt).toLocaleString()}
              </span>
            </Row>
          ))}
        </ul>
        {!showAll && items.length > 5 ? (
          <Button variant="ghost" size="sm" className="self-start" onClick={() => setShowAll(true)}>
            Show all {items.length} devices
          </Button>
        ) : null}
        <p className="text-xs text-muted-foreground">Scripts sign in with API tokens instead; their last use is listed under API tokens.</p>
      </CardContent>
      <form
        className="border-t"
        onSubmit={(e) => {
          e.preventDefault()
          if (canChange) change.mutate()
        }}
      >
        <CardContent className="flex flex-col gap-4">
          <h3 className="text-sm font-semibold">Change password</h3>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Current password"
              type="password"
              autoComplete="current-password"
              value={pw.currentPassword}
              error={errors.currentPassword}
              onChange={(e) => setPw({ ...pw, currentPassword: e.target.value })}
            />
            <Field
              label="New password"
              type="password"
              autoComplete="new-password"
              hint="At least 10 characters. Other devices are logged out."
              value={pw.newPassword}
              error={errors.newPassword}
              onChange={(e) => setPw({ ...pw, newPassword: e.target.value })}
            />
          </div>
          {change.error && !Object.keys(errors).length ? <ErrorNote error={change.error} /> : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!canChange} busy={change.isPending}>
              Change password
            </Button>
            {change.isSuccess ? <Saved>Password changed; other devices were logged out.</Saved> : null}
          </div>
        </CardContent>
      </form>
    </SettingsCard>
  )
}

/** The shop setting (owners): every owner must use two-factor sign-in. */
export function RequireTwoFactorSetting() {
  const qc = useQueryClient()
  const shop = useQuery({ queryKey: ['shop'], queryFn: () => call(client.api.shop.$get()) })
  const save = useMutation({
    mutationFn: (requireTwoFactor: boolean) => call(client.api.shop.$patch({ json: { requireTwoFactor } })),
    onSuccess: (s) => {
      toast.success(s.requireTwoFactor ? 'Owners now need two-factor sign-in' : 'Two-factor is optional for owners again')
      qc.invalidateQueries({ queryKey: ['shop'] })
      qc.invalidateQueries({ queryKey: ME_KEY })
    },
  })
  return (
    <SettingsCard icon={<ShieldCheck aria-hidden="true" />} title="Shop security">
      <CardContent className="flex flex-col gap-3 pt-4">
        <label className="flex items-start justify-between gap-4 text-sm">
          <span className="flex flex-col gap-0.5">
            <span className="font-medium">Require two-factor for owners</span>
            <span className="text-muted-foreground">
              Owners without it are sent to set it up before they can do anything else. Turn it on for yourself first.
            </span>
          </span>
          <Switch
            checked={shop.data?.requireTwoFactor ?? false}
            disabled={!shop.data || save.isPending}
            onCheckedChange={(v) => save.mutate(v === true)}
            aria-label="Require two-factor for owners"
          />
        </label>
        {save.error ? <ErrorNote error={save.error} /> : null}
      </CardContent>
    </SettingsCard>
  )
}
