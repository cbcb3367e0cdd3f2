import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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

/** A sign-in answer: signed in (who), or the two-factor code comes next. */
type SignInAnswer = Awaited<ReturnType<typeof signInCall>>
const signInCall = (json: { email: string; password: string }) => call(client.api.auth.login.$post({ json }))

/** After a password (or a linked Google account): into the app, or on to the code step. */
function useSignedIn() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const next = safeNext(params.get('next'))
  return (answer: SignInAnswer) => {
    if ('twoFactorRequired' in answer) {
      navigate(`/login/two-factor?next=${encodeURIComponent(next)}`, { replace: true })
      return
    }
    qc.setQueryData(ME_KEY, answer)
    navigate(next, { replace: true })
  }
}

/** "Continue with Google", shown only when the hub has Google sign-in configured. */
function GoogleButton({ next }: { next: string }) {
  const providers = useQuery({ queryKey: ['auth-providers'], queryFn: () => call(client.api.auth.providers.$get()), staleTime: 300_000 })
  if (!providers.data?.google) return null
  return (
    <>
      <Button asChild variant="secondary" size="lg">
        <a href={`/api/auth/google/start?next=${encodeURIComponent(next)}`}>
          <GoogleMark />
          Continue with Google
        </a>
      </Button>
      <p className="flex items-center gap-3 text-xs text-muted-foreground before:h-px before:flex-1 before:bg-border after:h-px after:flex-1 after:bg-border">
        or
      </p>
    </>
  )
}

function GoogleMark() {
  return (
    <svg viewBox="0 0 48 48" aria-hidden="true" className="size-4">
      <path fill="#EA4335" d="M24 9.5c3.5 0 6.6 1.2 9.1 3.6l6.8-6.8C35.8 2.4 30.3 0 24 0 14.6 0 6.6 5.4 2.7 13.3l7.9 6.1C12.5 13.6 17.8 9.5 24 9.5z" />
      <path fill="#4285F4" d="M46.5 24.5c0-1.6-.1-3.1-.4-4.5H24v9h12.7c-.6 3-2.3 5.5-4.8 7.2l7.7 6c4.5-4.2 6.9-10.3 6.9-17.7z" />
      <path fill="#FBBC05" d="M10.6 28.6c-.5-1.4-.8-3-.8-4.6s.3-3.2.8-4.6l-7.9-6.1C1 16.6 0 20.2 0 24s1 7.4 2.7 10.7l7.9-6.1z" />
      <path fill="#34A853" d="M24 48c6.5 0 11.9-2.1 15.9-5.8l-7.7-6c-2.1 1.4-4.9 2.3-8.2 2.3-6.2 0-11.5-4.2-13.4-9.9l-7.9 6.1C6.6 42.6 14.6 48 24 48z" />
    </svg>
  )
}

export function LoginPage() {
  const [params] = useSearchParams()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const signedIn = useSignedIn()
  const login = useMutation({ mutationFn: () => signInCall({ email, password }), onSuccess: signedIn })
  const googleError = params.get('error')
  const errors = fieldErrors(login.error)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    login.mutate()
  }
  return (
    <AuthFrame title="Log in">
      {googleError ? <ErrorNote error={new Error(googleError)} /> : null}
      <GoogleButton next={safeNext(params.get('next'))} />
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

/** /login/two-factor – the code step after a password or Google, with a recovery code as the fallback. */
export function TwoFactorPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [code, setCode] = useState('')
  const [recovery, setRecovery] = useState(false)
  const verify = useMutation({
    mutationFn: () => call(client.api.auth['two-factor'].verify.$post({ json: { code } })),
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me)
      navigate(safeNext(params.get('next')), { replace: true })
    },
  })
  const errors = fieldErrors(verify.error)
  return (
    <AuthFrame title="Two-factor code">
      <p className="text-sm text-muted-foreground">
        {recovery ? 'Enter one of your recovery codes. Each works once.' : 'Enter the 6-digit code your authenticator app shows for linkhub.'}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          verify.mutate()
        }}
        noValidate
      >
        <Field
          label={recovery ? 'Recovery code' : 'Code'}
          inputMode={recovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
        {verify.error && !Object.keys(errors).length ? <ErrorNote error={verify.error} /> : null}
        <Button type="submit" size="lg" busy={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Continue'}
        </Button>
      </form>
      <Button variant="link" className="self-start px-0" onClick={() => setRecovery(!recovery)}>
        {recovery ? 'Use a code from the app' : 'Use a recovery code instead'}
      </Button>
    </AuthFrame>
  )
}

/** /login/link-google – an account with this Google email exists: its password links them, once. */
export function LinkGooglePage() {
  const [password, setPassword] = useState('')
  const pending = useQuery({ queryKey: ['google-link'], queryFn: () => call(client.api.auth.google.link.$get()), retry: false })
  const signedIn = useSignedIn()
  const link = useMutation({ mutationFn: () => call(client.api.auth.google.link.$post({ json: { password } })), onSuccess: signedIn })
  const errors = fieldErrors(link.error)
  if (pending.error) {
    return (
      <AuthFrame title="Link your Google account">
        <ErrorNote error={pending.error} />
        <Link to="/login" className="text-sm font-medium text-primary">
          Back to log in
        </Link>
      </AuthFrame>
    )
  }
  return (
    <AuthFrame title="Link your Google account">
      <p className="text-sm text-muted-foreground">
        An account for <b className="text-foreground">{pending.data?.email ?? '…'}</b> already exists. Enter its password once to link your Google account;
        after that, Continue with Google signs you straight in.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          link.mutate()
        }}
        noValidate
      >
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        {link.error && !Object.keys(errors).length ? <ErrorNote error={link.error} /> : null}
        <Button type="submit" size="lg" busy={link.isPending}>
          Link and continue
        </Button>
      </form>
    </AuthFrame>
  )
}
