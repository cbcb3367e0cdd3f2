import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { BarChart3, Eye, Hand, MessageCircle, MousePointerClick, ShoppingBag, Smartphone } from 'lucide-react'
import { type ReactNode, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { countOf } from '../../../../contracts/count-of'
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
  Picker,
  Skeleton,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
} from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { AXIS, TOOLTIP } from './chart-style'
import { PostsSection } from './posts-section'

type Analytics = InferResponseType<typeof client.api.analytics.$get, 200>
type Row = Analytics['products'][number]
type LinkStat = Analytics['links'][number]

/**
 * Series colours: theme tokens where one fits (primary, warning, success, destructive), one more
 * hue for clicks; each has a lighter value for dark mode (the vars are set on the page's root).
 */
const CHART_VARS =
  '[--chart-views:var(--primary)] [--chart-clicks:oklch(0.58_0.13_230)] dark:[--chart-clicks:oklch(0.75_0.12_230)] [--chart-taps:var(--warning)] [--chart-chats:var(--success)] [--chart-orders:var(--destructive)]'
const COLORS = {
  views: 'var(--chart-views)',
  clicks: 'var(--chart-clicks)',
  taps: 'var(--chart-taps)',
  chats: 'var(--chart-chats)',
  orders: 'var(--chart-orders)',
}
const STAGE_ICONS = { views: Eye, clicks: MousePointerClick, taps: Hand, chats: MessageCircle, orders: ShoppingBag }

const PERIODS = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
] as const

const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '—')

function StageTable<R extends Row>({
  title,
  description,
  rows,
  empty,
  name,
}: {
  title: string
  description: string
  rows: R[]
  empty: string
  name?: (r: R) => ReactNode
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">{empty}</p>
        ) : (
          // The frame scrolls (sideways on phones), so it takes focus: keyboard users can scroll it too.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable
          <section tabIndex={0} aria-label={`${title} table`} className="max-h-[26rem] overflow-auto rounded-lg border">
            <Table wrapperClassName="max-h-none overflow-visible rounded-none border-0">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH className="text-right">Views</TH>
                  <TH className="text-right">Clicks</TH>
                  <TH className="text-right">Order taps</TH>
                  <TH className="text-right">Chats</TH>
                  <TH className="text-right">Orders</TH>
                </TR>
              </THead>
              <TBody>
                {rows.map((r) => (
                  <TR key={r.id}>
                    <TD className="max-w-[16rem] min-w-[10rem]">{name ? name(r) : <span className="line-clamp-2">{r.label}</span>}</TD>
                    <TD className="text-right tabular-nums">{r.views}</TD>
                    <TD className="text-right tabular-nums">{r.clicks}</TD>
                    <TD className="text-right tabular-nums">{r.taps}</TD>
                    <TD className="text-right tabular-nums">{r.chats}</TD>
                    <TD className="text-right tabular-nums font-medium">{r.orders}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </section>
        )}
      </CardContent>
    </Card>
  )
}

/** Horizontal bars of a share list (where chats and orders came from, devices). */
function ShareList({ items }: { items: { key: string; label: string; value: number; detail?: string }[] }) {
  const max = Math.max(1, ...items.map((i) => i.value))
  return (
    <ul className="flex flex-col gap-3">
      {items.map((i) => (
        <li key={i.key} className="flex flex-col gap-1 text-sm">
          <div className="flex items-baseline justify-between gap-3">
            <span className="min-w-0 truncate">{i.label}</span>
            <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{i.detail ?? i.value}</span>
          </div>
          <div className="h-2 overflow-hidden rounded-full bg-muted" aria-hidden="true">
            <div className="h-full rounded-full bg-primary" style={{ width: `${Math.max(2, (i.value / max) * 100)}%` }} />
          </div>
        </li>
      ))}
    </ul>
  )
}

function LoadingAnalytics() {
  return (
    <div className="flex flex-col gap-4" role="status" aria-busy="true">
      <span className="sr-only">Counting…</span>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {Object.keys(COLORS).map((k) => (
          <Skeleton key={k} className="h-24 rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-80 rounded-xl" />
    </div>
  )
}

/** Dashboard page: views, clicks, chats and orders over time; the funnel; per video/product/link tables. */
export function AnalyticsPage() {
  const [days, setDays] = useState<(typeof PERIODS)[number]['value']>('30')
  const q = useQuery({ queryKey: ['analytics', Number(days)], queryFn: () => call(client.api.analytics.$get({ query: { days } })) })
  const data = q.data
  const funnel = data
    ? [
        { key: 'views', stage: 'Views', count: data.funnel.views, fill: COLORS.views },
        { key: 'clicks', stage: 'Clicks', count: data.funnel.clicks, fill: COLORS.clicks },
        { key: 'taps', stage: 'Order taps', count: data.funnel.taps, fill: COLORS.taps },
        { key: 'chats', stage: 'Chats', count: data.funnel.chats, fill: COLORS.chats },
        { key: 'orders', stage: 'Orders', count: data.funnel.orders, fill: COLORS.orders },
      ]
    : []
  const total = data ? Object.values(data.funnel).reduce((a, b) => a + b, 0) : 0
  const sources = data?.sources ?? []
  const devices = data?.devices ?? []
  const deviceTotal = devices.reduce((a, d) => a + d.events, 0)
  return (
    <div className={`analytics-page flex flex-col gap-6 ${CHART_VARS}`}>
      <PageHeader
        title="Analytics"
        description="From video to click to chat to order."
        className="mb-0"
        actions={<Picker aria-label="Period" value={days} options={PERIODS} onValueChange={setDays} className="w-40" />}
      />
      {q.isLoading ? <LoadingAnalytics /> : null}
      {q.error ? <ErrorNote error={q.error} action={<Button onClick={() => q.refetch()}>Try again</Button>} /> : null}
      {data && total === 0 ? (
        <EmptyState title="No visits yet" icon={<BarChart3 aria-hidden="true" />}>
          Share your storefront link or a short link; views, clicks and chats appear here within a minute.
        </EmptyState>
      ) : null}
      {data && total > 0 ? (
        <>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="analytics-totals">
            {funnel.map((f, i) => {
              const Icon = STAGE_ICONS[f.key as keyof typeof STAGE_ICONS]
              const prev = funnel[i - 1]
              return (
                <Card key={f.stage} className="flex flex-col gap-1 p-4">
                  <span className="flex items-center gap-2 text-sm text-muted-foreground">
                    <Icon className="size-4" style={{ color: f.fill }} aria-hidden="true" />
                    {f.stage}
                  </span>
                  <strong className="text-2xl font-semibold tabular-nums" data-testid={`total-${f.stage.toLowerCase().replace(' ', '-')}`}>
                    {f.count}
                  </strong>
                  <span className="text-xs text-muted-foreground">
                    {prev ? (prev.count > 0 ? `${pct(f.count, prev.count)} of ${prev.stage.toLowerCase()}` : '\u00a0') : `in the last ${days} days`}
                  </span>
                </Card>
              )
            })}
          </div>
          <div className="grid gap-4 lg:grid-cols-3">
            <Card className="lg:col-span-2">
              <CardHeader>
                <CardTitle>Over time</CardTitle>
                <CardDescription>Each day of the period; chats and orders include those not traced to a video or link.</CardDescription>
              </CardHeader>
              <CardContent>
                <ResponsiveContainer width="100%" height={280}>
                  <LineChart data={data.series} margin={{ left: -20, right: 8, top: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
                    <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...AXIS} minTickGap={16} />
                    <YAxis allowDecimals={false} {...AXIS} />
                    <Tooltip {...TOOLTIP} />
                    <Legend wrapperStyle={{ fontSize: 12, color: 'var(--muted-foreground)' }} />
                    <Line type="monotone" dataKey="views" name="Views" stroke={COLORS.views} strokeWidth={2} dot={false} isAnimationActive={false} />
                    <Line type="monotone" dataKey="clicks" name="Clicks" stroke={COLORS.clicks} strokeWidth={2} dot={false} isAnimationActive={false} />
                    <Line type="monotone" dataKey="chats" name="Chats" stroke={COLORS.chats} strokeWidth={2} dot={false} isAnimationActive={false} />
                    <Line type="monotone" dataKey="orders" name="Orders" stroke={COLORS.orders} strokeWidth={2} dot={false} isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Funnel</CardTitle>
                <CardDescription>How many go on to the next step.</CardDescription>
              </CardHeader>
              <CardContent>
                <ResponsiveContainer width="100%" height={280}>
                  <BarChart data={funnel} layout="vertical" margin={{ left: 0, right: 16 }}>
                    <XAxis type="number" allowDecimals={false} {...AXIS} />
                    <YAxis type="category" dataKey="stage" width={80} {...AXIS} />
                    <Tooltip {...TOOLTIP} />
                    <Bar dataKey="count" name="Count" radius={[0, 4, 4, 0]} isAnimationActive={false}>
                      {funnel.map((f) => (
                        <Cell key={f.key} fill={f.fill} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              </CardContent>
            </Card>
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Where chats and orders came from</CardTitle>
                <CardDescription>Every chat and order: through a short link, a video, your storefront, or direct.</CardDescription>
              </CardHeader>
              <CardContent>
                {sources.length ? (
                  <ShareList
                    items={sources.map((s) => ({
                      key: `${s.kind}-${s.id ?? ''}`,
                      label: s.kind === 'link' ? `Link: ${s.label}` : s.kind === 'video' ? `Video: ${s.label}` : s.label,
                      value: s.chats + s.orders,
                      detail: `${countOf(s.chats, 'chat')} · ${countOf(s.orders, 'order')}`,
                    }))}
                  />
                ) : (
                  <p className="text-sm text-muted-foreground">No chats or orders in this period yet.</p>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <Smartphone className="size-4 text-muted-foreground" aria-hidden="true" />
                  Devices
                </CardTitle>
                <CardDescription>What shoppers used to visit.</CardDescription>
              </CardHeader>
              <CardContent>
                {devices.length ? (
                  <ShareList
                    items={devices.map((d) => ({
                      key: d.label,
                      label: d.label.charAt(0).toUpperCase() + d.label.slice(1),
                      value: d.events,
                      detail: pct(d.events, deviceTotal),
                    }))}
                  />
                ) : (
                  <p className="text-sm text-muted-foreground">No visits in this period yet.</p>
                )}
              </CardContent>
            </Card>
          </div>
          <StageTable
            title="Videos"
            description="Visits that came through one of your TikTok videos."
            rows={data.videos}
            empty="No visits came through a video yet."
          />
          <StageTable title="Products" description="Each product page, most viewed first." rows={data.products} empty="No product was viewed yet." />
          <StageTable<LinkStat>
            title="Short links"
            description="Your links by name; clicks include QR scans."
            rows={data.links}
            empty="No short link was clicked yet."
            name={(l) => (
              <span className="flex flex-col">
                <span className="truncate font-medium">{l.label}</span>
                {l.label !== l.code ? <span className="font-mono text-xs text-muted-foreground">/l/{l.code}</span> : null}
              </span>
            )}
          />
        </>
      ) : null}
      <PostsSection days={Number(days)} />
    </div>
  )
}
