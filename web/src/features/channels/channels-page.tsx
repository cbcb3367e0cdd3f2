import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Button, EmptyState, ErrorNote, Field, Loading, TextArea } from '../../components/ui/ui'
import { api } from '../../lib/api-client'

type Channel = { id: string; kind: 'whatsapp' | 'telegram'; externalId: string; displayName: string; webhookUrl: string }
const PAYMENT = [
  ['cash_on_delivery', 'Cash on delivery'],
  ['mobile_money', 'Mobile money'],
  ['bank_transfer', 'Bank transfer'],
] as const
type Settings = {
  greeting: string
  faq: { delivery: string; payment: string; location: string }
  paymentMethods: string[]
  deliveryMethods: string[]
  templates: { orderUpdate?: { name: string; language: string } }
  notify: { whatsapp?: string; telegramChatId?: string }
}

function ConnectWhatsApp({ onDone }: { onDone: () => void }) {
  const [phoneNumberId, setPhone] = useState('')
  const [accessToken, setToken] = useState('')
  const save = useMutation({ mutationFn: () => api('/api/channels/whatsapp', { method: 'POST', json: { phoneNumberId, accessToken } }), onSuccess: onDone })
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <h2>WhatsApp number</h2>
      <Field
        label="Phone number ID"
        value={phoneNumberId}
        onChange={(e) => setPhone(e.target.value)}
        hint="Meta for Developers → WhatsApp → API setup"
        required
      />
      <Field
        label="Access token"
        type="password"
        value={accessToken}
        onChange={(e) => setToken(e.target.value)}
        hint="A permanent system-user token; stored encrypted"
        required
      />
      <Button type="submit" busy={save.isPending}>
        Connect WhatsApp
      </Button>
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  )
}

function ConnectTelegram({ onDone }: { onDone: () => void }) {
  const [botToken, setToken] = useState('')
  const save = useMutation({ mutationFn: () => api('/api/channels/telegram', { method: 'POST', json: { botToken } }), onSuccess: onDone })
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <h2>Telegram bot</h2>
      <Field
        label="Bot token"
        type="password"
        value={botToken}
        onChange={(e) => setToken(e.target.value)}
        hint="From @BotFather; we register the webhook for you"
        required
      />
      <Button type="submit" busy={save.isPending}>
        Connect Telegram
      </Button>
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  )
}

function BotSettingsForm({ initial }: { initial: Settings }) {
  const qc = useQueryClient()
  const [s, setS] = useState<Settings>(initial)
  useEffect(() => setS(initial), [initial])
  const save = useMutation({
    mutationFn: () => api('/api/channels/settings', { method: 'PUT', json: s }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bot-settings'] }),
  })
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
  return (
    <form
      className="card channels-settings"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <h2>What the bot says and offers</h2>
      <TextArea label="Greeting (optional)" value={s.greeting} onChange={(e) => setS({ ...s, greeting: e.target.value })} rows={2} />
      <TextArea label="Delivery answer" value={s.faq.delivery} onChange={(e) => setS({ ...s, faq: { ...s.faq, delivery: e.target.value } })} rows={2} />
      <TextArea label="Payment answer" value={s.faq.payment} onChange={(e) => setS({ ...s, faq: { ...s.faq, payment: e.target.value } })} rows={2} />
      <TextArea label="Location answer" value={s.faq.location} onChange={(e) => setS({ ...s, faq: { ...s.faq, location: e.target.value } })} rows={2} />
      <fieldset>
        <legend>Payment methods offered at checkout</legend>
        {PAYMENT.map(([v, l]) => (
          <label key={v} className="check">
            <input type="checkbox" checked={s.paymentMethods.includes(v)} onChange={() => setS({ ...s, paymentMethods: toggle(s.paymentMethods, v) })} /> {l}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Delivery options</legend>
        {['delivery', 'pickup'].map((v) => (
          <label key={v} className="check">
            <input type="checkbox" checked={s.deliveryMethods.includes(v)} onChange={() => setS({ ...s, deliveryMethods: toggle(s.deliveryMethods, v) })} /> {v}
          </label>
        ))}
      </fieldset>
      <Field
        label="Order-update template (WhatsApp, approved)"
        value={s.templates.orderUpdate?.name ?? ''}
        hint="Sent outside the 24-hour window; body parameters {{1}} order number, {{2}} status"
        onChange={(e) =>
          setS({ ...s, templates: { orderUpdate: e.target.value ? { name: e.target.value, language: s.templates.orderUpdate?.language ?? 'en' } : undefined } })
        }
      />
      <Field
        label="Tell me about new orders on WhatsApp (number)"
        value={s.notify.whatsapp ?? ''}
        placeholder="2348012345678"
        onChange={(e) => setS({ ...s, notify: { ...s.notify, whatsapp: e.target.value } })}
      />
      <Field
        label="…or in Telegram (chat id)"
        value={s.notify.telegramChatId ?? ''}
        onChange={(e) => setS({ ...s, notify: { ...s.notify, telegramChatId: e.target.value } })}
      />
      <Button type="submit" busy={save.isPending} disabled={!s.paymentMethods.length || !s.deliveryMethods.length}>
        Save
      </Button>
      {!s.paymentMethods.length || !s.deliveryMethods.length ? (
        <small className="error">Keep at least one payment method and one delivery option.</small>
      ) : null}
      {save.isSuccess ? <small className="muted">Saved.</small> : null}
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  )
}

/** Connect the shop's WhatsApp number / Telegram bot, and set what the bot answers. */
export function ChannelsPage() {
  const qc = useQueryClient()
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Channel[] }>('/api/channels') })
  const settings = useQuery({ queryKey: ['bot-settings'], queryFn: () => api<{ settings: Settings }>('/api/channels/settings') })
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/channels/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['channels'] }),
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['channels'] })
  return (
    <section className="channels-page">
      <h1>Chat channels</h1>
      {channels.isLoading ? <Loading /> : null}
      {channels.error ? <ErrorNote error={channels.error} /> : null}
      {channels.data && !channels.data.items.length ? (
        <EmptyState title="No chat channel yet">Connect WhatsApp or Telegram below so shoppers can browse and order in chat.</EmptyState>
      ) : null}
      <ul className="channels-list">
        {channels.data?.items.map((c) => (
          <li key={c.id} className="card">
            <strong>{c.kind === 'whatsapp' ? 'WhatsApp' : 'Telegram'}</strong> {c.displayName || c.externalId}
            <small className="muted"> · webhook {c.webhookUrl}</small>
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(c.id)}>
              Disconnect
            </Button>
          </li>
        ))}
      </ul>
      <div className="channels-connect">
        <ConnectWhatsApp onDone={refresh} />
        <ConnectTelegram onDone={refresh} />
      </div>
      {settings.isLoading ? <Loading label="Loading bot settings…" /> : null}
      {settings.error ? <ErrorNote error={settings.error} /> : null}
      {settings.data ? <BotSettingsForm initial={settings.data.settings} /> : null}
    </section>
  )
}
