import { useQuery } from '@tanstack/react-query'
import { ChevronLeft, ChevronRight, Plus } from 'lucide-react'
import { useState } from 'react'
import type { PublishPlatform } from '../../../../contracts/publishing'
import { cn } from '../../components/ui/cn'
import { Button, Dialog, DialogContent, ErrorNote, Skeleton } from '../../components/ui/ui'
import { type Post, publishingApi, STATUS_LABEL } from './api'
import { PostCard } from './post-card'
import { shopNow } from './schedule-dialog'

const DAY = 86_400_000
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const SHORT: Record<PublishPlatform, string> = { tiktok: 'TikTok', youtube: 'YouTube', instagram: 'Instagram' }

/** The one status a post shows on the calendar: the one that needs the merchant most. */
const ORDER = ['failed', 'unconfirmed', 'paused', 'publishing', 'processing', 'scheduled', 'published', 'inbox', 'cancelled'] as const
export function postStatus(post: Post): string {
  if (post.status === 'draft') return 'draft'
  if (post.status === 'cancelled') return 'cancelled'
  const statuses = new Set(post.targets.map((t) => t.status))
  return ORDER.find((s) => statuses.has(s)) ?? 'scheduled'
}

const CHIP: Record<string, string> = {
  draft: 'border-dashed border-border bg-card text-muted-foreground',
  scheduled: 'border-primary/40 bg-card',
  publishing: 'border-primary bg-primary/10',
  processing: 'border-primary bg-primary/10',
  published: 'border-success bg-success-soft',
  inbox: 'border-success bg-success-soft',
  paused: 'border-warning bg-warning-soft',
  unconfirmed: 'border-warning bg-warning-soft',
  failed: 'border-destructive bg-danger-soft',
  cancelled: 'border-border bg-muted text-muted-foreground line-through',
}
const statusLabel = (s: string) => (s === 'draft' ? 'Draft' : (STATUS_LABEL[s] ?? s))

const longDay = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
const monthTitle = (month: string) => new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7)
}

/** The weeks (Monday first) that show a month, as `YYYY-MM-DD` days. */
function monthGrid(month: string): string[][] {
  const [y, m] = month.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1, 1))
  const start = first.getTime() - ((first.getUTCDay() + 6) % 7) * DAY
  const last = Date.UTC(y, m, 0)
  const weeks: string[][] = []
  for (let t = start; t <= last; t += 7 * DAY) weeks.push(Array.from({ length: 7 }, (_, i) => new Date(t + i * DAY).toISOString().slice(0, 10)))
  return weeks
}

function PostChip({ post, onOpen }: { post: Post; onOpen: (p: Post) => void }) {
  const status = postStatus(post)
  const platforms = post.targets.map((t) => SHORT[t.platform]).join(', ')
  return (
    <button
      type="button"
      onClick={() => onOpen(post)}
      className={cn(
        'flex w-full min-w-0 flex-col rounded-md border border-l-4 px-1.5 py-1 text-left text-xs hover:bg-accent focus-visible:outline-2',
        CHIP[status],
      )}
      data-testid="calendar-post"
      data-status={status}
    >
      <span className="font-medium tabular-nums">{post.localTime.slice(11, 16)}</span>
      <span className="truncate">{platforms}</span>
      <span className="truncate text-muted-foreground">{statusLabel(status)}</span>
    </button>
  )
}

/**
 * The publishing calendar: a month of posts in the shop's time zone (a grid on wider screens, the
 * days with posts as an agenda on a phone). A post opens its details; an empty day from today on
 * schedules a post for it.
 */
export function PublishingCalendar({ timeZone, onSchedule }: { timeZone: string; onSchedule: ((when: string) => void) | null }) {
  const today = shopNow(timeZone).slice(0, 10)
  const [month, setMonth] = useState(today.slice(0, 7))
  const [openPost, setOpenPost] = useState<Post | null>(null)
  const [y, m] = month.split('-').map(Number)
  // A day either side, so a post near midnight in the shop's zone is fetched whatever the offset.
  const from = new Date(Date.UTC(y, m - 1, 1) - 2 * DAY).toISOString()
  const to = new Date(Date.UTC(y, m, 1) + 2 * DAY).toISOString()
  const posts = useQuery({ queryKey: ['publishing', 'posts', 'month', month], queryFn: () => publishingApi.posts(from, to), refetchInterval: 10_000 })
  const byDay = new Map<string, Post[]>()
  for (const p of posts.data?.items ?? []) {
    const day = p.localTime.slice(0, 10)
    if (day.slice(0, 7) !== month) continue
    byDay.set(day, [...(byDay.get(day) ?? []), p])
  }
  for (const list of byDay.values()) list.sort((a, b) => a.localTime.localeCompare(b.localTime))
  const weeks = monthGrid(month)
  const agenda = [...byDay.keys()].sort()
  // The first free slot of a day: 18:00, or ten minutes from now when that is later today.
  const whenFor = (day: string) => (day === today ? shopNow(timeZone, 10) : `${day}T18:00`)
  const current = openPost ? (posts.data?.items.find((p) => p.id === openPost.id) ?? openPost) : null

  return (
    <section aria-labelledby="calendar-title" className="grid gap-3" data-testid="publishing-calendar">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="calendar-title" className="text-lg font-semibold" aria-live="polite">
          {monthTitle(month)} <span className="text-sm font-normal text-muted-foreground">{timeZone}</span>
        </h2>
        <div className="flex items-center gap-1">
          <Button variant="secondary" size="icon" aria-label="Previous month" onClick={() => setMonth(shiftMonth(month, -1))}>
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button variant="secondary" onClick={() => setMonth(today.slice(0, 7))} disabled={month === today.slice(0, 7)}>
            Today
          </Button>
          <Button variant="secondary" size="icon" aria-label="Next month" onClick={() => setMonth(shiftMonth(month, 1))}>
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      </div>
      {posts.error ? <ErrorNote error={posts.error} /> : null}
      {posts.isPending ? <Skeleton className="h-96" /> : null}

      {/* Wider screens: the month grid. */}
      <div className={cn('hidden overflow-hidden rounded-lg border sm:block', posts.isPending && 'sm:hidden')}>
        <div className="grid grid-cols-7 border-b bg-muted text-xs font-medium text-muted-foreground" aria-hidden="true">
          {WEEKDAYS.map((d) => (
            <div key={d} className="px-2 py-1.5">
              {d}
            </div>
          ))}
        </div>
        <ol className="grid grid-cols-7">
          {weeks.flat().map((day) => {
            const inMonth = day.slice(0, 7) === month
            const list = byDay.get(day) ?? []
            const canSchedule = onSchedule && inMonth && day >= today
            return (
              <li
                key={day}
                className={cn('group flex min-h-28 min-w-0 flex-col gap-1 border-b border-r p-1.5 [&:nth-child(7n)]:border-r-0', !inMonth && 'bg-muted/40')}
                data-day={day}
              >
                <span className="sr-only">{longDay(day)}</span>
                <div className="flex items-center justify-between">
                  <span
                    aria-hidden="true"
                    className={cn(
                      'inline-flex size-6 items-center justify-center rounded-full text-xs tabular-nums',
                      day === today && 'bg-primary font-semibold text-primary-foreground',
                      !inMonth && 'text-muted-foreground',
                    )}
                  >
                    {Number(day.slice(8))}
                  </span>
                  {canSchedule ? (
                    <button
                      type="button"
                      className="inline-flex size-6 items-center justify-center rounded-md text-muted-foreground opacity-0 hover:bg-accent focus-visible:opacity-100 group-hover:opacity-100"
                      aria-label={`Schedule a post on ${longDay(day)}`}
                      onClick={() => onSchedule(whenFor(day))}
                    >
                      <Plus aria-hidden="true" className="size-4" />
                    </button>
                  ) : null}
                </div>
                {inMonth ? list.map((p) => <PostChip key={p.id} post={p} onOpen={setOpenPost} />) : null}
              </li>
            )
          })}
        </ol>
      </div>

      {/* Phones: the days with posts, in order. */}
      <div className="grid gap-3 sm:hidden" data-testid="calendar-agenda">
        {!posts.isPending && !agenda.length ? <p className="text-sm text-muted-foreground">No posts in {monthTitle(month)}.</p> : null}
        {agenda.map((day) => (
          <div key={day} className="grid gap-1.5">
            <h3 className={cn('text-sm font-semibold', day === today && 'text-primary')}>
              {longDay(day)}
              {day === today ? ' · today' : ''}
            </h3>
            {byDay.get(day)?.map((p) => (
              <PostChip key={p.id} post={p} onOpen={setOpenPost} />
            ))}
          </div>
        ))}
        {onSchedule && month >= today.slice(0, 7) ? (
          <Button variant="secondary" onClick={() => onSchedule(whenFor(month === today.slice(0, 7) ? today : `${month}-01`))}>
            <Plus aria-hidden="true" /> Schedule a post in {monthTitle(month)}
          </Button>
        ) : null}
      </div>

      <Dialog open={current !== null} onOpenChange={(o) => (o ? null : setOpenPost(null))}>
        <DialogContent title={current ? `Post on ${longDay(current.localTime.slice(0, 10))}` : 'Post'}>
          {current ? <PostCard post={current} /> : null}
        </DialogContent>
      </Dialog>
    </section>
  )
}
