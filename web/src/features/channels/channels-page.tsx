import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useEffect, useState } from 'react'
import { Button, EmptyState, ErrorNote, Field, Loading, TextArea } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

const channels = client.api.channels
type Settings = InferResponseType<typeof channels.settings.$get, 200>['settings']
type PaymentMethod = Settings['paymentMethods'][number]
type DeliveryMethod = Settings['deliveryMethods'][number]

const PAYMENT_LABELS = {
  cash_on_delivery: 'Cash on delivery',
  mobile_money: 'Mobile money',
  bank_transfer: 'Bank transfer',
} satisfies Record<PaymentMethod, string>
const PAYMENT = Object.entries(PAYMENT_LABELS) as [PaymentMethod, string][]
const DELIVERY: DeliveryMethod[] = ['delivery', 'pickup']

type ConnectField<K extends string> = { name: K; label: string; hint: string; type?: 'password' }

/** One card that connects a channel: its fields, a submit button and the error of the last try. */
function ConnectForm<K extends string>({
  title,
  fields,
  submitLabel,
  connect,
  onDone,
}: {
  title: string
  fields: ConnectField<K>[]
  submitLabel: string
  connect: (values: Record<K, string>) => Promise<unknown>
  onDone: () => void
}) {
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.name, ''])) as Record<K, string>)
  const save = useMutation({ mutationFn: () => connect(values), onSuccess: onDone })
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <h2>{title}</h2>
      {fields.map((f) => (
        <Field
          key={f.name}
          label={f.label}
          type={f.type}
          value={values[f.name]}
          onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          hint={f.hint}
          required
        />
      ))}
      <Button type="submit" busy={save.isPending}>
        {submitLabel}
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
    mutationFn: () => call(channels.settings.$put({ json: s })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bot-settings'] }),
  })
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
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
        {DELIVERY.map((v) => (
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
  const list = useQuery({ queryKey: ['channels'], queryFn: () => call(channels.$get()) })
  const settings = useQuery({ queryKey: ['bot-settings'], queryFn: () => call(channels.settings.$get()) })
  const remove = useMutation({
    mutationFn: (id: string) => call(channels[':id'].$delete({ param: { id } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['channels'] }),
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['channels'] })
  return (
    <section className="channels-page">
      <h1>Chat channels</h1>
      {list.isLoading ? <Loading /> : null}
      {list.error ? <ErrorNote error={list.error} /> : null}
      {list.data && !list.data.items.length ? (
        <EmptyState title="No chat channel yet">Connect WhatsApp or Telegram below so shoppers can browse and order in chat.</EmptyState>
      ) : null}
      <ul className="channels-list">
        {list.data?.items.map((c) => (
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
        <ConnectForm
          title="WhatsApp number"
          fields={[
            { name: 'phoneNumberId', label: 'Phone number ID', hint: 'Meta for Developers → WhatsApp → API setup' },
            { name: 'accessToken', label: 'Access token', type: 'password', hint: 'A permanent system-user token; stored encrypted' },
          ]}
          submitLabel="Connect WhatsApp"
          connect={(json) => call(channels.whatsapp.$post({ json }))}
          onDone={refresh}
        />
        <ConnectForm
          title="Telegram bot"
          fields={[{ name: 'botToken', label: 'Bot token', type: 'password', hint: 'From @BotFather; we register the webhook for you' }]}
          submitLabel="Connect Telegram"
          connect={(json) => call(channels.telegram.$post({ json }))}
          onDone={refresh}
        />
      </div>
      {settings.isLoading ? <Loading label="Loading bot settings…" /> : null}
      {settings.error ? <ErrorNote error={settings.error} /> : null}
      {settings.data ? <BotSettingsForm initial={settings.data.settings} /> : null}
    </section>
  )
}
