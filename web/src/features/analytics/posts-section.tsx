import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { ExternalLink, Send } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import {
  Badge,
  buttonVariants,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  ErrorNote,
  formatMoney,
  plural,
  Skeleton,
  Table,
  TBody,
  TD,
  TH,
  THead,
  Thumb,
  TR,
} from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { AXIS, TOOLTIP } from './chart-style'

type PostAnalytics = InferResponseType<typeof client.api.analytics.posts.$get, 200>
type Platform = PostAnalytics['platforms'][number]['platform']

const PLATFORM_LABEL: Record<Platform, string> = { tiktok: 'TikTok', youtube: 'YouTube', instagram: 'Instagram' }
/** One hue per platform, each with a lighter value for dark mode (vars set on the section's root). */
const PLATFORM_VARS =
  '[--chart-tiktok:oklch(0.55_0.12_195)] dark:[--chart-tiktok:oklch(0.75_0.12_195)] [--chart-youtube:oklch(0.55_0.2_27)] dark:[--chart-youtube:oklch(0.72_0.17_27)] [--chart-instagram:oklch(0.52_0.2_330)] dark:[--chart-instagram:oklch(0.74_0.16_330)]'
const PLATFORM_COLOR: Record<Platform, string> = { tiktok: 'var(--chart-tiktok)', youtube: 'var(--chart-youtube)', instagram: 'var(--chart-instagram)' }

/** A platform counter: "—" where the platform gives none. */
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString())
const money = (minor: number, currency: string) => (minor > 0 ? formatMoney(minor, currency) : '—')

/** Labelled numbers in a grid (a platform's card, a video's or product's card on a phone). */
function Stats({ items, columns = 4 }: { items: [label: string, value: string][]; columns?: 3 | 4 }) {
  return (
    <dl className={`grid ${columns === 3 ? 'grid-cols-3' : 'grid-cols-4'} gap-2 text-xs`}>
      {items.map(([label, value]) => (
        <div key={label} className={label === 'Revenue' ? 'col-span-2 flex min-w-0 flex-col' : 'flex min-w-0 flex-col'}>
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="truncate font-medium tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A table in a frame that scrolls (focusable, so keyboards can scroll it too); phones get cards instead. */
function Scroller({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable
    <section tabIndex={0} aria-label={label} className="hidden max-h-[30rem] overflow-auto rounded-lg border sm:block">
      <Table wrapperClassName="max-h-none overflow-visible rounded-none border-0">{children}</Table>
    </section>
  )
}

/**
 * "Posts on TikTok, YouTube and Instagram": the platforms' own counters (hourly readings) beside
 * the chats and orders this hub traced to each video and product.
 */
export function PostsSection({ days }: { days: number }) {
  const q = useQuery({ queryKey: ['analytics-posts', days], queryFn: () => call(client.api.analytics.posts.$get({ query: { days: String(days) } })) })
  const data = q.data
  return (
    <section aria-labelledby="posts-heading" className={`flex flex-col gap-4 ${PLATFORM_VARS}`} data-testid="analytics-posts">
      <div className="flex flex-col gap-1">
        <h2 id="posts-heading" className="text-lg font-semibold">
          Posts on TikTok, YouTube and Instagram
        </h2>
        <p className="text-sm text-muted-foreground">
          Views, likes, comments and shares as each platform reports them (read every hour), beside the clicks, chats and orders your hub traced to each video.
        </p>
      </div>
      {q.isLoading ? <Skeleton className="h-64 rounded-xl" /> : null}
      {q.error ? <ErrorNote error={q.error} /> : null}
      {data && data.videos.length === 0 ? (
        <EmptyState
          title="No posts in this period"
          icon={<Send aria-hidden="true" />}
          action={
            <Link to="/publishing" className={buttonVariants({ variant: 'secondary' })}>
              Go to Publishing
            </Link>
          }
        >
          Connect an account and schedule a post on Publishing; its views and what it sells appear here within the hour after it goes out.
        </EmptyState>
      ) : null}
      {data && data.videos.length > 0 ? <PostsReport data={data} days={days} /> : null}
    </section>
  )
}

function PostsReport({ data, days }: { data: PostAnalytics; days: number }) {
  const used = data.platforms.filter((p) => p.posts > 0 || p.viewsGained > 0)
  // The chart starts at the first day with views (a week of posts in a 90-day period is not a thin sliver at the end).
  const firstDay = data.series.findIndex((d) => d.tiktok + d.youtube + d.instagram > 0)
  const series = firstDay > 0 ? data.series.slice(Math.max(0, Math.min(firstDay - 1, data.series.length - 7))) : data.series
  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="platform-totals">
        {data.platforms.map((p) => (
          <Card key={p.platform} className="flex min-w-0 flex-col gap-2 p-4" data-testid={`platform-${p.platform}`}>
            <span className="flex items-center gap-2 text-sm font-medium">
              <span className="size-2.5 rounded-full" style={{ background: PLATFORM_COLOR[p.platform] }} aria-hidden="true" />
              {PLATFORM_LABEL[p.platform]}
            </span>
            <strong className="text-2xl font-semibold tabular-nums" data-testid={`views-${p.platform}`}>
              {num(p.views)} <span className="text-sm font-normal text-muted-foreground">views</span>
            </strong>
            <span className="text-xs text-muted-foreground">
              {p.posted.toLocaleString()} posted in the last {days} days · +{p.viewsGained.toLocaleString()} views
            </span>
            <Stats
              columns={3}
              items={[
                ['Likes', num(p.likes)],
                ['Comments', num(p.comments)],
                ['Shares', num(p.shares)],
              ]}
            />
            {p.watchSeconds !== null ? (
              <span className="text-xs text-muted-foreground">Watch time {Math.round(p.watchSeconds / 60).toLocaleString()} min</span>
            ) : null}
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Views per day</CardTitle>
          <CardDescription>
            Views gained each day{series.length < data.series.length ? ` since ${series[0]?.day.slice(5)}` : ''}: the difference between a post's hourly
            readings (its first reading counts whole).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={series} margin={{ left: -12, right: 8, top: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...AXIS} minTickGap={16} />
              <YAxis allowDecimals={false} {...AXIS} />
              <Tooltip {...TOOLTIP} />
              <Legend wrapperStyle={{ fontSize: 12, color: 'var(--muted-foreground)' }} />
              {(used.length ? used : data.platforms).map((p) => (
                <Bar
                  key={p.platform}
                  dataKey={p.platform}
                  name={PLATFORM_LABEL[p.platform]}
                  stackId="views"
                  fill={PLATFORM_COLOR[p.platform]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Posted videos</CardTitle>
          <CardDescription>
            Views to shares: the platforms' latest counts. Clicks, chats and orders: traced by your hub to this video itself (a short link in its caption, or
            its TikTok post). "Product": every order of the video's product, from any source.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="flex flex-col divide-y rounded-lg border sm:hidden" aria-label="Posted videos">
            {data.videos.map((v) => (
              <li key={v.key} className="flex flex-col gap-3 p-3" data-testid="posted-video-card">
                <VideoName video={v} />
                <PlatformLinks video={v} />
                <Stats
                  items={[
                    ['Views', num(v.totals.views)],
                    ['Likes', num(v.totals.likes)],
                    ['Comments', num(v.totals.comments)],
                    ['Shares', num(v.totals.shares)],
                    ['Clicks', v.ours.clicks.toLocaleString()],
                    ['Chats', v.ours.chats.toLocaleString()],
                    ['Orders', v.ours.orders.toLocaleString()],
                    ['Revenue', money(v.ours.revenueMinor, v.ours.currency)],
                  ]}
                />
                {v.productOurs ? (
                  <p className="text-xs text-muted-foreground">
                    Product, all sources: {plural(v.productOurs.orders, 'order')}
                    {v.productOurs.revenueMinor > 0 ? ` · ${money(v.productOurs.revenueMinor, v.productOurs.currency)}` : ''}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <Scroller label="Posted videos table">
            <THead>
              <TR>
                <TH>Video</TH>
                <TH>Posted on</TH>
                <TH className="text-right">Views</TH>
                <TH className="text-right">Likes</TH>
                <TH className="text-right">Comments</TH>
                <TH className="text-right">Shares</TH>
                <TH className="text-right">Clicks</TH>
                <TH className="text-right">Chats</TH>
                <TH className="text-right">Orders</TH>
                <TH className="text-right">Product</TH>
              </TR>
            </THead>
            <TBody>
              {data.videos.map((v) => (
                <TR key={v.key} data-testid="posted-video">
                  <TD className="min-w-[14rem] max-w-[18rem]">
                    <VideoName video={v} />
                  </TD>
                  <TD className="min-w-[8rem]">
                    <PlatformLinks video={v} />
                  </TD>
                  <TD className="text-right tabular-nums">{num(v.totals.views)}</TD>
                  <TD className="text-right tabular-nums">{num(v.totals.likes)}</TD>
                  <TD className="text-right tabular-nums">{num(v.totals.comments)}</TD>
                  <TD className="text-right tabular-nums">{num(v.totals.shares)}</TD>
                  <TD className="text-right tabular-nums">{v.ours.clicks.toLocaleString()}</TD>
                  <TD className="text-right tabular-nums">{v.ours.chats.toLocaleString()}</TD>
                  <TD className="text-right tabular-nums">
                    <span className="flex flex-col">
                      <span className="font-medium">{v.ours.orders.toLocaleString()}</span>
                      {v.ours.revenueMinor > 0 ? <span className="text-xs text-muted-foreground">{money(v.ours.revenueMinor, v.ours.currency)}</span> : null}
                    </span>
                  </TD>
                  <TD className="text-right tabular-nums whitespace-nowrap">
                    {v.productOurs ? (
                      <span className="flex flex-col">
                        <span>{plural(v.productOurs.orders, 'order')}</span>
                        {v.productOurs.revenueMinor > 0 ? (
                          <span className="text-xs text-muted-foreground">{money(v.productOurs.revenueMinor, v.productOurs.currency)}</span>
                        ) : null}
                      </span>
                    ) : (
                      '—'
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Scroller>
        </CardContent>
      </Card>
      {data.products.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Products in your posts</CardTitle>
            <CardDescription>Platform views summed over each product's posts, beside all its orders in the period.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col divide-y rounded-lg border sm:hidden" aria-label="Products in your posts">
              {data.products.map((p) => (
                <li key={p.id} className="flex flex-col gap-2 p-3" data-testid="posted-product-card">
                  <span className="font-medium">{p.title}</span>
                  <Stats
                    items={[
                      ['Posts', p.posts.toLocaleString()],
                      ['Views', p.views.toLocaleString()],
                      ['Orders', p.orders.toLocaleString()],
                      ['Per 1,000', p.ordersPer1000Views === null ? '—' : p.ordersPer1000Views.toLocaleString()],
                      ['Clicks', p.clicks.toLocaleString()],
                      ['Chats', p.chats.toLocaleString()],
                      ['Revenue', money(p.revenueMinor, p.currency)],
                    ]}
                  />
                </li>
              ))}
            </ul>
            <Scroller label="Products in your posts table">
              <THead>
                <TR>
                  <TH>Product</TH>
                  <TH className="text-right">Posts</TH>
                  <TH className="text-right">Views</TH>
                  <TH className="text-right">Clicks</TH>
                  <TH className="text-right">Chats</TH>
                  <TH className="text-right">Orders</TH>
                  <TH className="text-right">Revenue</TH>
                  <TH className="text-right">Orders / 1,000 views</TH>
                </TR>
              </THead>
              <TBody>
                {data.products.map((p) => (
                  <TR key={p.id} data-testid="posted-product">
                    <TD className="min-w-[10rem] max-w-[16rem]">
                      <span className="line-clamp-2 font-medium">{p.title}</span>
                    </TD>
                    <TD className="text-right tabular-nums">{p.posts}</TD>
                    <TD className="text-right tabular-nums">{p.views.toLocaleString()}</TD>
                    <TD className="text-right tabular-nums">{p.clicks.toLocaleString()}</TD>
                    <TD className="text-right tabular-nums">{p.chats.toLocaleString()}</TD>
                    <TD className="text-right tabular-nums font-medium">{p.orders.toLocaleString()}</TD>
                    <TD className="text-right tabular-nums whitespace-nowrap">{money(p.revenueMinor, p.currency)}</TD>
                    <TD className="text-right tabular-nums">{p.ordersPer1000Views === null ? '—' : p.ordersPer1000Views.toLocaleString()}</TD>
                  </TR>
                ))}
              </TBody>
            </Scroller>
          </CardContent>
        </Card>
      ) : null}
    </>
  )
}

type PostedVideo = PostAnalytics['videos'][number]

function VideoName({ video: v }: { video: PostedVideo }) {
  return (
    <span className="flex items-center gap-3">
      <Thumb src={v.thumbnailUrl} alt={v.title} size={44} />
      <span className="flex min-w-0 flex-col">
        <span className="line-clamp-2 font-medium">{v.title}</span>
        <span className="truncate text-xs text-muted-foreground">{v.product ? v.product.title : v.kind === 'asset' ? 'From your media' : 'Studio video'}</span>
      </span>
    </span>
  )
}

/** The video's posts, each a link to it on its platform. */
function PlatformLinks({ video: v }: { video: PostedVideo }) {
  return (
    <span className="flex flex-wrap gap-1">
      {v.posts.map((p) =>
        p.permalink ? (
          <a
            key={p.platform}
            href={p.permalink}
            target="_blank"
            rel="noreferrer"
            className="inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
            title={p.status === 'inbox' ? 'Sent to the TikTok inbox' : `Posted ${new Date(p.publishedAt).toLocaleDateString()}`}
          >
            <span className="size-2 rounded-full" style={{ background: PLATFORM_COLOR[p.platform] }} aria-hidden="true" />
            {PLATFORM_LABEL[p.platform]}
            <ExternalLink className="size-3" aria-hidden="true" />
          </a>
        ) : (
          <Badge key={p.platform} tone="neutral">
            {PLATFORM_LABEL[p.platform]}
            {p.status === 'inbox' ? ' (inbox)' : ''}
          </Badge>
        ),
      )}
    </span>
  )
}
