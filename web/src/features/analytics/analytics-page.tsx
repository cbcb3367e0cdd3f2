import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { Button, EmptyState, ErrorNote, Loading, Select } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

type Row = InferResponseType<typeof client.api.analytics.$get, 200>['products'][number]

const COLORS = { views: '#6366f1', clicks: '#0ea5e9', taps: '#f59e0b', chats: '#10b981', orders: '#e11d48' }

function StageTable({ title, rows, empty }: { title: string; rows: Row[]; empty: string }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Views</th>
                <th>Clicks</th>
                <th>Order taps</th>
                <th>Chats</th>
                <th>Orders</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.label}</td>
                  <td>{r.views}</td>
                  <td>{r.clicks}</td>
                  <td>{r.taps}</td>
                  <td>{r.chats}</td>
                  <td>{r.orders}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** Dashboard page: views, clicks, chats and orders over time; the funnel; per video/product/link tables. */
export function AnalyticsPage() {
  const [days, setDays] = useState(30)
  const q = useQuery({ queryKey: ['analytics', days], queryFn: () => call(client.api.analytics.$get({ query: { days: String(days) } })) })
  const data = q.data
  const funnel = data
    ? [
        { stage: 'Views', count: data.funnel.views, fill: COLORS.views },
        { stage: 'Clicks', count: data.funnel.clicks, fill: COLORS.clicks },
        { stage: 'Order taps', count: data.funnel.taps, fill: COLORS.taps },
        { stage: 'Chats', count: data.funnel.chats, fill: COLORS.chats },
        { stage: 'Orders', count: data.funnel.orders, fill: COLORS.orders },
      ]
    : []
  const total = data ? Object.values(data.funnel).reduce((a, b) => a + b, 0) : 0
  return (
    <div className="analytics-page">
      <div className="page-head">
        <div>
          <h1>Analytics</h1>
          <p className="muted">From video to click to chat to order.</p>
        </div>
        <Select label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
          <option value="7">Last 7 days</option>
          <option value="30">Last 30 days</option>
          <option value="90">Last 90 days</option>
        </Select>
      </div>
      {q.isLoading ? <Loading label="Counting…" /> : null}
      {q.error ? <ErrorNote error={q.error} action={<Button onClick={() => q.refetch()}>Try again</Button>} /> : null}
      {data && total === 0 ? (
        <EmptyState title="No visits yet">Share your storefront link or a short link; views, clicks and chats appear here within a minute.</EmptyState>
      ) : null}
      {data && total > 0 ? (
        <>
          <div className="an-totals" data-testid="analytics-totals">
            {funnel.map((f) => (
              <div key={f.stage} className="card an-total">
                <small className="muted">{f.stage}</small>
                <strong data-testid={`total-${f.stage.toLowerCase().replace(' ', '-')}`}>{f.count}</strong>
              </div>
            ))}
          </div>
          <section className="card">
            <h2>Over time</h2>
            <div className="an-chart">
              <ResponsiveContainer width="100%" height={260}>
                <LineChart data={data.series} margin={{ left: -20, right: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                  <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
                  <YAxis allowDecimals={false} fontSize={12} />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="views" name="Views" stroke={COLORS.views} dot={false} isAnimationActive={false} />
                  <Line type="monotone" dataKey="clicks" name="Clicks" stroke={COLORS.clicks} dot={false} isAnimationActive={false} />
                  <Line type="monotone" dataKey="chats" name="Chats" stroke={COLORS.chats} dot={false} isAnimationActive={false} />
                  <Line type="monotone" dataKey="orders" name="Orders" stroke={COLORS.orders} dot={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </section>
          <section className="card">
            <h2>Funnel</h2>
            <div className="an-chart">
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={funnel} layout="vertical" margin={{ left: 16, right: 16 }}>
                  <XAxis type="number" allowDecimals={false} fontSize={12} />
                  <YAxis type="category" dataKey="stage" width={80} fontSize={12} />
                  <Tooltip />
                  <Bar dataKey="count" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </section>
          <StageTable title="Videos" rows={data.videos} empty="No visits came through a video yet." />
          <StageTable title="Products" rows={data.products} empty="No product was viewed yet." />
          <StageTable title="Short links" rows={data.links} empty="No short link was clicked yet." />
        </>
      ) : null}
    </div>
  )
}
