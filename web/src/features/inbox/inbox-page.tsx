import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, Bot, Download, Eraser, Hand, MessageCircle, Send, ShoppingCart } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { TAUGHT_PHRASE_MAX_CHARS } from '../../../../contracts/taught-phrases'
import { Badge, Button, Card, ConfirmDialog, cn, EmptyState, ErrorNote, formatMoney, Skeleton, SkeletonRows, Textarea, toast } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { hasRole, useMe } from '../../lib/use-me'
import { INTENT_LABELS, TeachMessage } from '../bot/teach'

const conversations = client.api.inbox.conversations

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '')

const ChannelMark = ({ channel }: { channel: string }) => (
  <span
    className={cn(
      'inline-flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white',
      channel === 'whatsapp' ? 'bg-[#128c48]' : 'bg-[#1d75b3]',
    )}
    role="img"
    aria-label={channel === 'whatsapp' ? 'WhatsApp' : 'Telegram'}
  >
    {channel === 'whatsapp' ? 'WA' : 'TG'}
  </span>
)

function Transcript({ id }: { id: string }) {
  const qc = useQueryClient()
  const canTeach = hasRole(useMe().data, 'staff')
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
    onError: toast.error,
  })
  const owner = hasRole(useMe().data, 'owner')
  const erase = useMutation({
    mutationFn: () => call(client.api.privacy.conversations[':id'].erase.$post({ param: { id } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['inbox'] })
      toast.success("The shopper's data was erased")
    },
    onError: toast.error,
  })
  const handoff = useMutation({
    mutationFn: (on: boolean) => call(conversations[':id'].handoff.$post({ param: { id }, json: { handoff: on } })),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['inbox'] })
      toast.success(r.handoff ? 'The bot is paused: you are replying' : 'Handed back to the bot')
    },
    onError: toast.error,
  })
  if (detail.isLoading)
    return (
      <div role="status" aria-label="Loading the conversation…" className="flex flex-col gap-3 p-4">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="ml-auto h-12 w-2/3" />
        <Skeleton className="h-12 w-1/2" />
      </div>
    )
  if (detail.error) return <ErrorNote error={detail.error} action={<Button onClick={() => detail.refetch()}>Try again</Button>} />
  const d = detail.data!
  return (
    <div className="grid min-h-0 gap-4 xl:grid-cols-[minmax(0,1fr)_16rem]">
      <div className="flex min-h-0 min-w-0 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b pb-3">
          <div className="flex min-w-0 items-center gap-3">
            <ChannelMark channel={d.conversation.channel} />
            <div className="min-w-0">
              <h2 className="truncate text-base font-semibold">{d.conversation.name}</h2>
              <p className="truncate text-xs text-muted-foreground">
                {d.conversation.channel === 'whatsapp' && d.conversation.externalUserId
                  ? `WhatsApp +${d.conversation.externalUserId}`
                  : d.conversation.channel === 'whatsapp'
                    ? 'WhatsApp'
                    : 'Telegram'}
                {d.conversation.ref ? ` · came from ref ${d.conversation.ref}` : ''}
              </p>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {owner && !d.conversation.erasedAt ? (
              <>
                <Button variant="ghost" size="sm" asChild>
                  <a href={client.api.privacy.conversations[':id'].export.$path({ param: { id } })} download data-testid="export-shopper">
                    <Download aria-hidden="true" /> Export data
                  </a>
                </Button>
                <ConfirmDialog
                  title="Erase this shopper's data?"
                  description="Their messages, name and chat details are deleted. Their orders stay for your accounts, without name, contact or address."
                  confirmLabel="Erase data"
                  onConfirm={() => erase.mutateAsync()}
                >
                  <Button variant="ghost" size="sm" data-testid="erase-shopper">
                    <Eraser aria-hidden="true" /> Erase data
                  </Button>
                </ConfirmDialog>
              </>
            ) : null}
            {d.conversation.handoff ? (
              <Button variant="secondary" size="sm" busy={handoff.isPending} onClick={() => handoff.mutate(false)} data-testid="hand-back">
                <Bot aria-hidden="true" /> Hand back to the bot
              </Button>
            ) : (
              <Button variant="secondary" size="sm" busy={handoff.isPending} onClick={() => handoff.mutate(true)} data-testid="take-over">
                <Hand aria-hidden="true" /> Take over (pause bot)
              </Button>
            )}
          </div>
        </header>
        {d.conversation.erasedAt ? (
          <p className="mt-3 rounded-md bg-muted px-3 py-2 text-sm" data-testid="erased-note">
            This shopper's data was erased on {time(d.conversation.erasedAt)}. Their orders are kept without name, contact or address.
          </p>
        ) : null}
        {d.conversation.handoff ? (
          <p className="mt-3 rounded-md bg-accent px-3 py-2 text-sm text-accent-foreground">The bot is paused for this shopper: you are replying.</p>
        ) : null}
        {d.conversation.optedOut ? (
          <p className="mt-3 rounded-md bg-warning-soft px-3 py-2 text-sm text-warning">This shopper opted out. You cannot message them.</p>
        ) : null}
        <div className="flex max-h-[58dvh] min-h-64 flex-col gap-2 overflow-y-auto py-4" data-testid="transcript" aria-label="Messages" role="log">
          {d.messages.map((m) => {
            const mine = m.direction === 'outbound'
            const system = m.author === 'system'
            return (
              <div
                key={m.id}
                className={cn(
                  'flex max-w-[85%] flex-col gap-0.5 rounded-2xl px-3 py-2 text-sm shadow-xs',
                  system
                    ? 'self-center border border-dashed bg-warning-soft text-foreground'
                    : mine
                      ? cn('self-end rounded-br-sm', m.author === 'merchant' ? 'bg-primary text-primary-foreground' : 'bg-accent text-accent-foreground')
                      : 'self-start rounded-bl-sm border bg-card',
                )}
              >
                <div className="whitespace-pre-wrap break-words">{m.text}</div>
                <small className="text-[11px] opacity-75">
                  {m.author === 'shopper' ? '' : `${m.author} · `}
                  {time(m.createdAt)}
                  {mine ? ` · ${m.status.replace(/_/g, ' ')}` : ''}
                </small>
                {m.understood ? (
                  <small className="flex flex-wrap items-center gap-x-1.5 text-[11px] text-muted-foreground" data-testid="understood">
                    <span>
                      Bot read: {INTENT_LABELS[m.understood.intent].toLowerCase()}
                      {m.understood.source === 'taught' ? ' (taught)' : m.understood.source === 'llm' ? ' (AI)' : ''}
                    </span>
                    {canTeach && m.text.trim().length <= TAUGHT_PHRASE_MAX_CHARS ? (
                      <>
                        <span aria-hidden="true">·</span>
                        <TeachMessage text={m.text} current={m.understood.intent} />
                      </>
                    ) : null}
                  </small>
                ) : null}
              </div>
            )
          })}
          <div ref={end} />
        </div>
        <form
          className="flex items-end gap-2 border-t pt-3"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) reply.mutate()
          }}
        >
          <Textarea
            aria-label="Reply"
            className="min-h-11"
            placeholder={d.conversation.optedOut ? 'Opted out' : 'Write a reply…'}
            value={text}
            disabled={d.conversation.optedOut}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && text.trim()) reply.mutate()
            }}
            rows={2}
          />
          <Button type="submit" busy={reply.isPending} disabled={!text.trim() || d.conversation.optedOut}>
            <Send aria-hidden="true" /> Send
          </Button>
        </form>
        {reply.error ? <ErrorNote className="mt-2" error={reply.error} /> : null}
      </div>
      <aside className="flex flex-col gap-4 rounded-lg border bg-muted/40 p-4 text-sm" aria-label="Cart and orders">
        <div className="flex flex-col gap-2">
          <h3 className="flex items-center gap-1.5 font-semibold">
            <ShoppingCart className="size-4" aria-hidden="true" /> Cart
          </h3>
          {d.cart.length ? (
            <ul className="flex flex-col gap-1">
              {d.cart.map((l) => (
                <li key={l.title} className="flex justify-between gap-2">
                  <span className="min-w-0 truncate">
                    {l.title} × {l.quantity}
                  </span>
                  <span className="tabular-nums">{formatMoney(l.unitPriceMinor * l.quantity, l.currency)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted-foreground">Empty.</p>
          )}
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Orders</h3>
          {d.orders.length ? (
            <ul className="flex flex-col gap-1">
              {d.orders.map((o) => (
                <li key={o.id} className="flex flex-wrap items-center gap-1.5">
                  <Link className="font-medium text-primary hover:underline" to={`/orders?order=${encodeURIComponent(o.number)}`}>
                    #{o.number}
                  </Link>
                  <Badge>{o.status.replace('_', ' ')}</Badge>
                  <span className="tabular-nums">{formatMoney(o.subtotalMinor, o.currency)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted-foreground">No orders yet.</p>
          )}
        </div>
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
    <div className="flex flex-col gap-4">
      <h1 className={cn('text-2xl font-semibold tracking-tight', selected && 'hidden md:block')}>Inbox</h1>
      <div className="grid gap-4 md:grid-cols-[18rem_minmax(0,1fr)]">
        <Card className={cn('overflow-hidden', selected && 'hidden md:block')}>
          {list.isLoading ? <SkeletonRows rows={4} label="Loading conversations…" /> : null}
          {list.error ? <ErrorNote error={list.error} action={<Button onClick={() => list.refetch()}>Try again</Button>} /> : null}
          {list.data && !list.data.items.length ? (
            <div className="p-3">
              <EmptyState
                icon={<MessageCircle />}
                title="No conversations yet"
                action={
                  <Button variant="secondary" size="sm" asChild>
                    <Link to="/channels">Connect a chat channel</Link>
                  </Button>
                }
              >
                Connect your WhatsApp number or Telegram bot; shoppers' messages appear here.
              </EmptyState>
            </div>
          ) : null}
          <ul className="max-h-[75dvh] divide-y overflow-y-auto">
            {list.data?.items.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={cn(
                    'flex w-full cursor-pointer items-start gap-3 px-3 py-3 text-left hover:bg-muted',
                    c.id === selected && 'bg-accent hover:bg-accent',
                  )}
                  aria-current={c.id === selected ? 'true' : undefined}
                  onClick={() => setParams({ c: c.id })}
                  data-testid="conversation"
                >
                  <ChannelMark channel={c.channel} />
                  <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                    <span className="flex items-center gap-2">
                      <strong className="min-w-0 flex-1 truncate text-sm">{c.name}</strong>
                      {c.unread ? (
                        <span
                          className="rounded-full bg-primary px-1.5 text-xs font-semibold text-primary-foreground"
                          title={`${c.unread} unread`}
                          data-testid="unread"
                        >
                          {c.unread}
                        </span>
                      ) : null}
                    </span>
                    {c.handoff ? (
                      <Badge tone="warning" className="self-start">
                        needs you
                      </Badge>
                    ) : null}
                    <span className="truncate text-xs text-muted-foreground">{c.lastText ?? ''}</span>
                    <span className="text-[11px] text-muted-foreground">{time(c.lastMessageAt)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Card>
        <Card className={cn('min-w-0 p-4', !selected && 'hidden md:block')}>
          {selected ? (
            <>
              <Button variant="ghost" size="sm" className="mb-2 md:hidden" onClick={() => setParams({})}>
                <ArrowLeft aria-hidden="true" /> All conversations
              </Button>
              <Transcript id={selected} />
            </>
          ) : (
            <p className="flex h-full min-h-64 items-center justify-center text-sm text-muted-foreground">Pick a conversation to read it and reply.</p>
          )}
        </Card>
      </div>
    </div>
  )
}
