import { useQuery } from '@tanstack/react-query'
import { ArrowRight, Bot, Check, Clapperboard, Copy, ExternalLink, type LucideIcon, Share2, Store, WandSparkles } from 'lucide-react'
import { Link } from 'react-router'
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, cn, ErrorNote, PageHeader, Skeleton, toast } from '../components/ui/ui'
import { call, client } from '../lib/api-client'
import { useMe } from '../lib/use-me'

type Step = Awaited<ReturnType<typeof loadOnboarding>>['steps'][number]
const loadOnboarding = () => call(client.api.onboarding.$get())

const ICONS: Record<Step['id'], LucideIcon> = { import: Clapperboard, approve: WandSparkles, storefront: Store, channel: Bot, share: Share2 }
const ACTION: Record<Step['id'], string> = {
  import: 'Paste TikTok links',
  approve: 'Review proposals',
  storefront: 'Set up storefront',
  channel: 'Connect WhatsApp',
  share: 'Make a short link',
}

/** Dashboard home: the first-run checklist until it is done, then shortcuts and the shop link. */
export function Home() {
  const { data: me } = useMe()
  const q = useQuery({ queryKey: ['onboarding'], queryFn: loadOnboarding, refetchOnWindowFocus: true })
  const next = q.data?.steps.find((s) => !s.done)
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
      toast.success('Shop link copied')
    } catch {
      toast.info(url)
    }
  }
  return (
    <>
      <PageHeader
        title={`Welcome${me?.user.name ? `, ${me.user.name.split(' ')[0]}` : ''}`}
        description="Your TikTok videos, turned into a shop, short links and a WhatsApp bot."
        actions={
          q.data ? (
            <>
              <Button variant="secondary" onClick={() => copy(q.data.shopUrl)}>
                <Copy aria-hidden="true" /> Copy shop link
              </Button>
              <Button variant="secondary" asChild>
                <a href={q.data.shopUrl} target="_blank" rel="noreferrer">
                  <ExternalLink aria-hidden="true" /> View shop
                </a>
              </Button>
            </>
          ) : null
        }
      />
      {q.error ? <ErrorNote error={q.error} action={<Button onClick={() => q.refetch()}>Try again</Button>} /> : null}
      {q.isLoading ? (
        <div role="status" aria-label="Loading your checklist" className="flex flex-col gap-3">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </div>
      ) : null}
      {q.data ? (
        <Card data-testid="checklist">
          <CardHeader>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <CardTitle>{q.data.complete ? 'Your shop is set up' : 'Get your shop selling'}</CardTitle>
              <span className="text-sm text-muted-foreground" data-testid="checklist-progress">
                {q.data.done} of {q.data.total} done
              </span>
            </div>
            <div
              className="mt-2 h-2 overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-label="Setup progress"
              aria-valuemin={0}
              aria-valuemax={q.data.total}
              aria-valuenow={q.data.done}
            >
              <div className="h-full rounded-full bg-primary transition-all" style={{ width: `${(q.data.done / Math.max(1, q.data.total)) * 100}%` }} />
            </div>
            {q.data.complete ? <CardDescription>Everything is in place. Keep posting: new videos become proposals here.</CardDescription> : null}
          </CardHeader>
          <CardContent>
            <ol className="flex flex-col divide-y">
              {q.data.steps.map((s, i) => {
                const Icon = ICONS[s.id]
                const isNext = s === next
                return (
                  <li key={s.id} data-testid={`step-${s.id}`} data-done={s.done} className="flex items-center gap-3 py-3">
                    <span
                      className={cn(
                        'flex size-9 shrink-0 items-center justify-center rounded-full border',
                        s.done ? 'border-success bg-success-soft text-success' : isNext ? 'border-primary text-primary' : 'text-muted-foreground',
                      )}
                      aria-hidden="true"
                    >
                      {s.done ? <Check className="size-4" /> : <Icon className="size-4" />}
                    </span>
                    <div className="flex min-w-0 flex-1 flex-col">
                      <span className={cn('text-sm font-medium', s.done && 'text-muted-foreground line-through decoration-1')}>
                        <span className="sr-only">{s.done ? 'Done: ' : `Step ${i + 1}: `}</span>
                        {s.title}
                      </span>
                      <span className="break-words text-xs text-muted-foreground [overflow-wrap:anywhere]">{s.detail}</span>
                    </div>
                    {s.done ? null : (
                      <Button variant={isNext ? 'primary' : 'secondary'} size="sm" asChild>
                        <Link to={s.href}>
                          <span className="hidden sm:inline">{ACTION[s.id]}</span>
                          <span className="sm:hidden">Go</span>
                          <ArrowRight aria-hidden="true" />
                        </Link>
                      </Button>
                    )}
                  </li>
                )
              })}
            </ol>
          </CardContent>
        </Card>
      ) : null}
      <div className="mt-6 grid gap-3 sm:grid-cols-3">
        {[
          { to: '/products', title: 'Products', text: 'Add, edit, search and publish your catalog.' },
          { to: '/inbox', title: 'Inbox', text: 'Answer shoppers when the bot hands over.' },
          { to: '/analytics', title: 'Analytics', text: 'Which videos and links bring chats and orders.' },
        ].map((t) => (
          <Link key={t.to} to={t.to} className="group rounded-xl border bg-card p-4 shadow-xs transition-colors hover:border-primary/50">
            <strong className="flex items-center gap-1 text-sm">
              {t.title} <ArrowRight className="size-4 opacity-0 transition-opacity group-hover:opacity-100" aria-hidden="true" />
            </strong>
            <span className="text-sm text-muted-foreground">{t.text}</span>
          </Link>
        ))}
      </div>
    </>
  )
}
