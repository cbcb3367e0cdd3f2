import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router'
import { Button, ErrorNote, Field } from '../../components/ui/ui'
import { ApiError, call, client } from '../../lib/api-client'
import { ME_KEY, useMe } from '../../lib/use-me'

/** Field errors from the API's `details` list ({path, message}). */
function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {}
  return Object.fromEntries((err.details as { path: string; message: string }[]).map((d) => [d.path, d.message]))
}

const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/')

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <p className="brand">linkhub</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  )
}

export function LoginPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const login = useMutation({
    mutationFn: () => call(client.api.auth.login.$post({ json: { email, password } })),
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me)
      navigate(safeNext(params.get('next')), { replace: true })
    },
  })
  const errors = fieldErrors(login.error)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    login.mutate()
  }
  return (
    <AuthFrame title="Log in">
      <form onSubmit={submit} noValidate>
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        {login.error && !Object.keys(errors).length ? <ErrorNote error={login.error} /> : null}
        <Button type="submit" busy={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </Button>
      </form>
      <p className="muted">
        New here? <Link to={`/signup${params.get('next') ? `?next=${encodeURIComponent(params.get('next') as string)}` : ''}`}>Create a shop</Link>
      </p>
    </AuthFrame>
  )
}

export function SignupPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const inviteToken = params.get('invite') ?? undefined
  const [form, setForm] = useState({ name: '', email: '', password: '', shopName: '' })
  const signup = useMutation({
    mutationFn: () => call(client.api.auth.signup.$post({ json: { ...form, shopName: inviteToken ? form.shopName || 'joined' : form.shopName, inviteToken } })),
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me)
      navigate(safeNext(params.get('next')), { replace: true })
    },
  })
  const errors = fieldErrors(signup.error)
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value })
  return (
    <AuthFrame title={inviteToken ? 'Join the shop' : 'Create your shop'}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          signup.mutate()
        }}
        noValidate
      >
        <Field label="Your name" autoComplete="name" value={form.name} onChange={set('name')} error={errors.name} />
        <Field label="Email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={errors.email} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 10 characters."
        />
        {inviteToken ? null : <Field label="Shop name" required value={form.shopName} onChange={set('shopName')} error={errors.shopName} />}
        {signup.error && !Object.keys(errors).length ? <ErrorNote error={signup.error} /> : null}
        <Button type="submit" busy={signup.isPending}>
          {signup.isPending ? 'Creating…' : inviteToken ? 'Create account and join' : 'Create shop'}
        </Button>
      </form>
      <p className="muted">
        Already have an account? <Link to={`/login${inviteToken ? `?next=${encodeURIComponent(`/invite/${inviteToken}`)}` : ''}`}>Log in</Link>
      </p>
    </AuthFrame>
  )
}

/** /invite/:token – signed in: accept; signed out: sign up (or log in) with the invite. */
export function InvitePage() {
  const { token = '' } = useParams()
  const { data: me, isLoading } = useMe()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const accept = useMutation({
    mutationFn: () => call(client.api.invites.accept.$post({ json: { token } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ME_KEY })
      navigate('/', { replace: true })
    },
  })
  if (isLoading) return null
  if (!me) return <Navigate to={`/signup?invite=${encodeURIComponent(token)}`} replace />
  return (
    <AuthFrame title="You are invited">
      <p>Join the shop as {me.user.email}?</p>
      {accept.error ? <ErrorNote error={accept.error} /> : null}
      <Button busy={accept.isPending} onClick={() => accept.mutate()}>
        Join the shop
      </Button>
    </AuthFrame>
  )
}
