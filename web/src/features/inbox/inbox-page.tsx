import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { Button, EmptyState, ErrorNote, formatMoney, Loading } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

const conversations = client.api.inbox.conversations

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '')

function Transcript({ id }: { id: string }) {
  const qc = useQueryClient()
  const [text, setText] = useState('')
  const detail = useQuery({ queryKey: ['inbox', id], queryFn: () => call(conversations[':id'].$get({ param: { id } })), refetchInterval: 4000 })
  const end = useRef<HTMLDivElement>(null)
  const read = useMutation({
    mutationFn: () => call(conversations[':id'].read.$post({ param: { id } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  })
  // Opening a conversation marks it read (once per conversation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the conversation changes
  useEffect(() => {
    read.mutate()
  }, [id])
  const count = detail.data?.messages.length ?? 0
  // Keep the newest message in view as the transcript grows.
  useEffect(() => {
    if (count) end.current?.scrollIntoView({ block: 'end' })
  }, [count])
  const reply = useMutation({
    mutationFn: () => call(conversations[':id'].reply.$post({ param: { id }, json: { text } })),
    onSuccess: () => {
      setText('')
      qc.invalidateQueries({ queryKey: ['inbox'] })
    },
  })
  const handoff = useMutation({
    mutationFn: (on: boolean) => call(conversations[':id'].handoff.$post({ param: { id }, json: { handoff: on } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  })
  if (detail.isLoading) return <Loading label="Loading the conversation…" />
  if (detail.error) return <ErrorNote error={detail.error} action={<Button onClick={() => detail.refetch()}>Try again</Button>} />
  const d = detail.data!
  return (
    <div className="inbox-thread">
      <header className="inbox-thread-head">
        <div>
          <h2>{d.conversation.name}</h2>
          <small className="muted">
            {d.conversation.channel === 'whatsapp' ? `WhatsApp +${d.conversation.externalUserId}` : 'Telegram'}
            {d.conversation.ref ? ` · came from ref ${d.conversation.ref}` : ''}
          </small>
        </div>
        {d.conversation.handoff ? (
          <Button variant="secondary" busy={handoff.isPending} onClick={() => handoff.mutate(false)} data-testid="hand-back">
            Hand back to the bot
          </Button>
        ) : (
          <Button variant="secondary" busy={handoff.isPending} onClick={() => handoff.mutate(true)} data-testid="take-over">
            Take over (pause bot)
          </Button>
        )}
      </header>
      {d.conversation.handoff ? <p className="inbox-banner">The bot is paused for this shopper: you are replying.</p> : null}
      {d.conversation.optedOut ? <p className="inbox-banner inbox-banner-warn">This shopper opted out. You cannot message them.</p> : null}
      <div className="inbox-messages" data-testid="transcript">
        {d.messages.map((m) => (
          <div key={m.id} className={`bubble bubble-${m.direction} bubble-${m.author}`}>
            <div className="bubble-text">{m.text}</div>
            <small className="muted">
              {m.author === 'shopper' ? '' : `${m.author} · `}
              {time(m.createdAt)}
              {m.direction === 'outbound' ? ` · ${m.status.replace(/_/g, ' ')}` : ''}
            </small>
          </div>
        ))}
        <div ref={end} />
      </div>
      <form
        className="inbox-reply"
        onSubmit={(e) => {
          e.preventDefault()
          if (text.trim()) reply.mutate()
        }}
      >
        <textarea
          aria-label="Reply"
          placeholder={d.conversation.optedOut ? 'Opted out' : 'Write a reply…'}
          value={text}
          disabled={d.conversation.optedOut}
          onChange={(e) => setText(e.target.value)}
          rows={2}
        />
        <Button type="submit" busy={reply.isPending} disabled={!text.trim() || d.conversation.optedOut}>
          Send
        </Button>
      </form>
      {reply.error ? <ErrorNote error={reply.error} /> : null}
      <aside className="inbox-side">
        <h3>Cart</h3>
        {d.cart.length ? (
          <ul>
            {d.cart.map((l) => (
              <li key={l.title}>
                {l.title} × {l.quantity} — {formatMoney(l.unitPriceMinor * l.quantity, l.currency)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Empty.</p>
        )}
        <h3>Orders</h3>
        {d.orders.length ? (
          <ul>
            {d.orders.map((o) => (
              <li key={o.id}>
                <a href={`/orders?id=${o.id}`}>#{o.number}</a> · {o.status.replace('_', ' ')} · {formatMoney(o.subtotalMinor, o.currency)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No orders yet.</p>
        )}
      </aside>
    </div>
  )
}

/** The merchant's inbox: every WhatsApp / Telegram conversation, newest first, with unread counts. */
export function InboxPage() {
  const [params, setParams] = useSearchParams()
  const selected = params.get('c')
  const list = useQuery({ queryKey: ['inbox', 'list'], queryFn: () => call(conversations.$get()), refetchInterval: 5000 })
  return (
    <section className={`inbox ${selected ? 'inbox-has-selection' : ''}`}>
      <div className="inbox-list">
        <h1>Inbox</h1>
        {list.isLoading ? <Loading label="Loading conversations…" /> : null}
        {list.error ? <ErrorNote error={list.error} action={<Button onClick={() => list.refetch()}>Try again</Button>} /> : null}
        {list.data && !list.data.items.length ? (
          <EmptyState title="No conversations yet">
            Connect your WhatsApp number or Telegram bot under Chat channels; shoppers' messages appear here.
          </EmptyState>
        ) : null}
        <ul>
          {list.data?.items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`inbox-row ${c.id === selected ? 'active' : ''}`}
                onClick={() => setParams({ c: c.id })}
                data-testid="conversation"
              >
                <span className="inbox-row-name">
                  {c.channel === 'whatsapp' ? '🟢' : '✈️'} {c.name}
                  {c.handoff ? <span className="tag">needs you</span> : null}
                </span>
                {c.unread ? (
                  <span className="badge" title={`${c.unread} unread`} data-testid="unread">
                    {c.unread}
                  </span>
                ) : null}
                <small className="muted inbox-row-last">{c.lastText ?? ''}</small>
                <small className="muted">{time(c.lastMessageAt)}</small>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="inbox-detail">
        {selected ? (
          <>
            <Button variant="ghost" className="inbox-back" onClick={() => setParams({})}>
              ← All conversations
            </Button>
            <Transcript id={selected} />
          </>
        ) : (
          <p className="muted inbox-pick">Pick a conversation to read it and reply.</p>
        )}
      </div>
    </section>
  )
}
