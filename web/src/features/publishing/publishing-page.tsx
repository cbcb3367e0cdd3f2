import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { BarChart3, CalendarDays, Lightbulb, List, Settings2, Wand2 } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  ErrorNote,
  PageHeader,
  Skeleton,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  toast,
} from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { publishingApi } from './api'
import { PublishingCalendar } from './calendar'
import { CHANNELS_KEY } from './channels-page'
import { PostCard } from './post-card'
import { ScheduleDialog } from './schedule-dialog'

function SuggestionsCard() {
  const q = useQuery({ queryKey: ['publishing', 'suggestions'], queryFn: publishingApi.suggestions })
  const navigate = useNavigate()
  const make = useMutation({
    mutationFn: (productId: string) => call(client.api.studio.videos.$post({ json: { source: { kind: 'product', productId }, reviewRequired: true } })),
    onSuccess: ({ video }) => navigate(`/studio/${video.id}`),
    onError: toast.error,
  })
  if (q.error) return <ErrorNote error={q.error} />
  const items = q.data?.items.slice(0, 5) ?? []
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Lightbulb aria-hidden="true" className="size-4" /> What to post next
        </CardTitle>
        <CardDescription>From your orders, views, stock and what you posted lately.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        {!items.length ? <p className="text-sm text-muted-foreground">Publish a few products first.</p> : null}
        {items.map((s) => (
          <div key={s.productId} className="flex flex-wrap items-center justify-between gap-2 border-t pt-2 first:border-t-0 first:pt-0">
            <div>
              <p className="font-medium">{s.title}</p>
              <p className="text-xs text-muted-foreground">
                {s.reasons.join(' · ')} · best at {s.suggestedTime.slice(11)}
              </p>
            </div>
            <Button variant="secondary" onClick={() => make.mutate(s.productId)} disabled={make.isPending}>
              <Wand2 aria-hidden="true" /> Make a video
            </Button>
          </div>
        ))}
      </CardContent>
    </Card>
  )
}

/** The publishing queue: upcoming and recent posts per platform with their status, post ids and metrics; scheduling; suggestions. */
const VIEW_KEY = 'linkhub-publishing-view'

export function PublishingPage() {
  const qc = useQueryClient()
  const [view, setView] = useState(() => (localStorage.getItem(VIEW_KEY) === 'calendar' ? 'calendar' : 'list'))
  const [scheduleAt, setScheduleAt] = useState<string | null>(null)
  const channels = useQuery({ queryKey: CHANNELS_KEY, queryFn: publishingApi.channels })
  const from = new Date(Date.now() - 14 * 86_400_000).toISOString()
  const posts = useQuery({ queryKey: ['publishing', 'posts'], queryFn: () => publishingApi.posts(from), refetchInterval: 5000 })
  const refresh = useMutation({
    mutationFn: publishingApi.refreshMetrics,
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['publishing', 'posts'] })
      toast.success(`Metrics read for ${r.refreshed} post${r.refreshed === 1 ? '' : 's'}`)
    },
    onError: toast.error,
  })
  const needsReconnect = channels.data?.items.filter((c) => c.status === 'reconnect_required') ?? []
  return (
    <div className="grid gap-4">
      <PageHeader
        title="Publishing"
        description="Your scheduled and recent posts on TikTok, YouTube Shorts and Instagram Reels."
        actions={
          <div className="flex flex-wrap gap-2">
            {channels.data ? <ScheduleDialog channels={channels.data.items} timeZone={channels.data.timeZone} /> : null}
            <Button variant="secondary" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
              <BarChart3 aria-hidden="true" /> Refresh metrics
            </Button>
            <Button variant="ghost" asChild>
              <Link to="/settings/publishing">
                <Settings2 aria-hidden="true" /> Accounts
              </Link>
            </Button>
          </div>
        }
      />
      {needsReconnect.map((c) => (
        <p key={c.id} role="alert" className="rounded-md border border-destructive p-3 text-sm text-destructive">
          {c.statusReason} <Link to="/settings/publishing">Reconnect</Link>
        </p>
      ))}
      <Tabs
        value={view}
        onValueChange={(v) => {
          setView(v)
          localStorage.setItem(VIEW_KEY, v)
        }}
      >
        <TabsList aria-label="Show posts as">
          <TabsTrigger value="list">
            <List aria-hidden="true" className="size-4" /> List
          </TabsTrigger>
          <TabsTrigger value="calendar">
            <CalendarDays aria-hidden="true" className="size-4" /> Calendar
          </TabsTrigger>
        </TabsList>
        <TabsContent value="list">
          <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
            <div className="grid content-start gap-3">
              {posts.isPending ? <Skeleton className="h-32" /> : null}
              {posts.error ? <ErrorNote error={posts.error} /> : null}
              {posts.data && !posts.data.items.length ? (
                <EmptyState title="Nothing scheduled">Make a video in the studio, send it to publishing, then schedule it here.</EmptyState>
              ) : null}
              {posts.data?.items.map((p) => (
                <PostCard key={p.id} post={p} />
              ))}
            </div>
            <SuggestionsCard />
          </div>
        </TabsContent>
        <TabsContent value="calendar">
          {channels.data ? (
            <PublishingCalendar timeZone={channels.data.timeZone} onSchedule={channels.data.items.some((c) => c.status === 'active') ? setScheduleAt : null} />
          ) : (
            <Skeleton className="h-96" />
          )}
        </TabsContent>
      </Tabs>
      {channels.data && scheduleAt ? (
        <ScheduleDialog
          channels={channels.data.items}
          timeZone={channels.data.timeZone}
          open
          onOpenChange={(o) => (o ? null : setScheduleAt(null))}
          presetWhen={scheduleAt}
        />
      ) : null}
    </div>
  )
}
