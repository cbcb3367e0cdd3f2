import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router'
import { Button, Card, ErrorNote, Field } from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'
import { applyTheme } from '../../lib/theme'
import { ME_KEY, useMe } from '../../lib/use-me'
import '../../styles/dashboard.css'

applyTheme()

const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/')

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-start justify-center bg-background px-4 py-12 sm:items-center">
      <Card className="flex w-full max-w-sm flex-col gap-5 p-6 sm:p-8 [&_form]:flex [&_form]:flex-col [&_form]:gap-4">
        <p className="text-lg font-bold tracking-tight text-primary">linkhub</p>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </Card>
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
        <Button type="submit" size="lg" busy={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </Button>
      </form>
      <p className="text-sm text-muted-foreground [&_a]:font-medium [&_a]:text-primary">
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
        <Button type="submit" size="lg" busy={signup.isPending}>
          {signup.isPending ? 'Creating…' : inviteToken ? 'Create account and join' : 'Create shop'}
        </Button>
      </form>
      <p className="text-sm text-muted-foreground [&_a]:font-medium [&_a]:text-primary">
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
