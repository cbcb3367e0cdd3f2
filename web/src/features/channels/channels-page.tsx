import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { Bot, MessageCircle, Plug, Plus, Send, Unplug, X } from 'lucide-react'
import { type ReactNode, useEffect, useState } from 'react'
import { ConfirmDialog } from '../../components/ui/confirm-dialog'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  Checkbox,
  EmptyState,
  ErrorNote,
  Field,
  minorToInput,
  PageHeader,
  parseMoney,
  Saved,
  Skeleton,
  SkeletonRows,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'
import { hasRole, useMe } from '../../lib/use-me'
import { TaughtPhrasesCard } from '../bot/teach'

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
  description,
  icon,
  fields,
  submitLabel,
  connect,
  onDone,
}: {
  title: string
  description: string
  icon: ReactNode
  fields: ConnectField<K>[]
  submitLabel: string
  connect: (values: Record<K, string>) => Promise<unknown>
  onDone: () => void
}) {
  const empty = () => Object.fromEntries(fields.map((f) => [f.name, ''])) as Record<K, string>
  const [values, setValues] = useState(empty)
  const save = useMutation({
    mutationFn: () => connect(values),
    onSuccess: () => {
      setValues(empty())
      toast.success(`${title} connected`)
      onDone()
    },
    onError: toast.error,
  })
  const errors = fieldErrors(save.error)
  return (
    <Card className="flex flex-col">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
          {icon}
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <form
        className="flex flex-1 flex-col"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate()
        }}
      >
        <CardContent className="flex flex-1 flex-col gap-4">
          {fields.map((f) => (
            <Field
              key={f.name}
              label={f.label}
              type={f.type}
              autoComplete="off"
              value={values[f.name]}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              hint={f.hint}
              error={errors[f.name]}
              required
            />
          ))}
          {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} /> : null}
        </CardContent>
        <CardFooter className="flex-wrap">
          <Button type="submit" busy={save.isPending}>
            <Plug aria-hidden="true" />
            {submitLabel}
          </Button>
          {save.isSuccess ? <Saved>Connected.</Saved> : null}
        </CardFooter>
      </form>
    </Card>
  )
}

function CheckRow({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  return (
    <label className="flex cursor-pointer items-center gap-2.5 rounded-md border px-3 py-2 text-sm has-[[data-state=checked]]:border-primary/50 has-[[data-state=checked]]:bg-accent/50">
      <Checkbox checked={checked} onCheckedChange={onChange} />
      {label}
    </label>
  )
}

/** Delivery fee: one flat fee, or a fee per zone the shopper picks (zones win over the flat fee). */
function DeliveryFees({ s, setS, currency, errors }: { s: Settings; setS: (s: Settings) => void; currency: string; errors: Record<string, string> }) {
  const fee = s.deliveryFee
  const set = (next: Settings['deliveryFee']) => setS({ ...s, deliveryFee: next })
  const money = (minor: number) => minorToInput(minor, currency)
  const parse = (text: string) => (text.trim() ? parseMoney(text, currency) : 0)
  return (
    <div className="flex flex-col gap-3 rounded-lg border p-3 pl-4">
      <Field
        label={`Flat delivery fee (${currency})`}
        inputMode="decimal"
        defaultValue={fee.flatMinor ? money(fee.flatMinor) : ''}
        placeholder="0 = free delivery"
        error={errors['deliveryFee.flatMinor']}
        onChange={(e) => {
          const m = parse(e.target.value)
          if (m !== null) set({ ...fee, flatMinor: m })
        }}
      />
      <p className="text-xs text-muted-foreground">Or charge by zone: the shopper picks one, and sees the fee before confirming.</p>
      {fee.zones.map((z, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: zones are positional rows edited in place
        <div key={i} className="grid grid-cols-[1fr_7rem_auto] items-end gap-2" data-testid="delivery-zone">
          <Field
            label={`Zone ${i + 1}`}
            value={z.name}
            placeholder="Nairobi CBD"
            error={errors[`deliveryFee.zones.${i}.name`]}
            onChange={(e) => set({ ...fee, zones: fee.zones.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
          />
          <Field
            label={`Fee (${currency})`}
            inputMode="decimal"
            defaultValue={money(z.feeMinor)}
            error={errors[`deliveryFee.zones.${i}.feeMinor`]}
            onChange={(e) => {
              const m = parse(e.target.value)
              if (m !== null) set({ ...fee, zones: fee.zones.map((x, j) => (j === i ? { ...x, feeMinor: m } : x)) })
            }}
          />
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove zone ${z.name || i + 1}`}
            onClick={() => set({ ...fee, zones: fee.zones.filter((_, j) => j !== i) })}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
      ))}
      {fee.zones.length < 10 ? (
        <Button variant="secondary" size="sm" className="self-start" onClick={() => set({ ...fee, zones: [...fee.zones, { name: '', feeMinor: 0 }] })}>
          <Plus aria-hidden="true" /> Add a zone
        </Button>
      ) : null}
    </div>
  )
}

function BotSettingsForm({ initial }: { initial: Settings }) {
  const qc = useQueryClient()
  const { data: me } = useMe()
  const currency = me?.merchant?.defaultCurrency ?? 'USD'
  const [s, setS] = useState<Settings>(initial)
  useEffect(() => setS(initial), [initial])
  const save = useMutation({
    mutationFn: () => call(channels.settings.$put({ json: s })),
    onSuccess: () => {
      toast.success('Bot settings saved')
      qc.invalidateQueries({ queryKey: ['bot-settings'] })
    },
    onError: toast.error,
  })
  const errors = fieldErrors(save.error)
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
  const missing = !s.paymentMethods.length || !s.deliveryMethods.length
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Bot className="size-4 text-muted-foreground" aria-hidden="true" />
          What the bot says and offers
        </CardTitle>
        <CardDescription>The answers shoppers get in chat, what they can choose at checkout, and where you hear about new orders.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!missing) save.mutate()
        }}
      >
        <CardContent className="flex flex-col gap-6">
          <div className="grid gap-4 md:grid-cols-3">
            <TextArea
              label="Greeting (optional)"
              value={s.greeting}
              onChange={(e) => setS({ ...s, greeting: e.target.value })}
              rows={2}
              error={errors.greeting}
              className="md:col-span-3"
            />
            <TextArea
              label="Delivery answer"
              value={s.faq.delivery}
              onChange={(e) => setS({ ...s, faq: { ...s.faq, delivery: e.target.value } })}
              rows={2}
              error={errors['faq.delivery']}
            />
            <TextArea
              label="Payment answer"
              value={s.faq.payment}
              onChange={(e) => setS({ ...s, faq: { ...s.faq, payment: e.target.value } })}
              rows={2}
              error={errors['faq.payment']}
            />
            <TextArea
              label="Location answer"
              value={s.faq.location}
              onChange={(e) => setS({ ...s, faq: { ...s.faq, location: e.target.value } })}
              rows={2}
              error={errors['faq.location']}
            />
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            <fieldset className="flex min-w-0 flex-col gap-2">
              <legend className="mb-2 text-sm font-medium">Payment methods offered at checkout</legend>
              {PAYMENT.map(([v, l]) => (
                <div key={v} className="flex flex-col gap-2">
                  <CheckRow label={l} checked={s.paymentMethods.includes(v)} onChange={() => setS({ ...s, paymentMethods: toggle(s.paymentMethods, v) })} />
                  {s.paymentMethods.includes(v) && v !== 'cash_on_delivery' ? (
                    <TextArea
                      label={`What to tell shoppers who pick ${l.toLowerCase()}`}
                      placeholder={
                        v === 'mobile_money'
                          ? 'M-Pesa till 123456 (Kicks Nairobi). Send the order number as the reference.'
                          : 'Equity Bank, account 0123456789, Kicks Nairobi Ltd.'
                      }
                      rows={2}
                      className="pl-6"
                      value={s.paymentInstructions[v]}
                      error={errors[`paymentInstructions.${v}`]}
                      onChange={(e) => setS({ ...s, paymentInstructions: { ...s.paymentInstructions, [v]: e.target.value } })}
                    />
                  ) : null}
                </div>
              ))}
            </fieldset>
            <fieldset className="flex min-w-0 flex-col gap-2">
              <legend className="mb-2 text-sm font-medium">Delivery options</legend>
              {DELIVERY.map((v) => (
                <CheckRow
                  key={v}
                  label={v === 'delivery' ? 'Delivery' : 'Pickup'}
                  checked={s.deliveryMethods.includes(v)}
                  onChange={() => setS({ ...s, deliveryMethods: toggle(s.deliveryMethods, v) })}
                />
              ))}
              {s.deliveryMethods.includes('delivery') ? <DeliveryFees s={s} setS={setS} currency={currency} errors={errors} /> : null}
            </fieldset>
          </div>
          {missing ? (
            <p className="text-sm font-medium text-destructive" role="alert">
              Keep at least one payment method and one delivery option.
            </p>
          ) : null}
          <div className="grid gap-4 md:grid-cols-2">
            <Field
              label="Order-update template (WhatsApp, approved)"
              value={s.templates.orderUpdate?.name ?? ''}
              hint="Sent outside the 24-hour window; body parameters {{1}} order number, {{2}} status"
              error={errors['templates.orderUpdate.name']}
              className="md:col-span-2"
              onChange={(e) =>
                setS({
                  ...s,
                  templates: {
                    ...s.templates,
                    orderUpdate: e.target.value ? { name: e.target.value, language: s.templates.orderUpdate?.language ?? 'en' } : undefined,
                  },
                })
              }
            />
            <Field
              label="New-order alert template (WhatsApp, approved)"
              value={s.templates.newOrder?.name ?? 'new_order'}
              hint="Used when your own chat with the bot has been quiet for 24 hours; {{1}} order number, {{2}} customer, {{3}} total"
              error={errors['templates.newOrder.name']}
              className="md:col-span-2"
              onChange={(e) =>
                setS({ ...s, templates: { ...s.templates, newOrder: { name: e.target.value, language: s.templates.newOrder?.language ?? 'en' } } })
              }
            />
            <Field
              label="Tell me about new orders on WhatsApp (number)"
              value={s.notify.whatsapp ?? ''}
              placeholder="+254 712 345 678"
              inputMode="tel"
              hint="With the country code; spaces are fine"
              error={errors['notify.whatsapp']}
              onChange={(e) => setS({ ...s, notify: { ...s.notify, whatsapp: e.target.value } })}
            />
            <Field
              label="…or in Telegram (chat id)"
              value={s.notify.telegramChatId ?? ''}
              error={errors['notify.telegramChatId']}
              onChange={(e) => setS({ ...s, notify: { ...s.notify, telegramChatId: e.target.value } })}
            />
          </div>
          {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} /> : null}
        </CardContent>
        <CardFooter className="flex-wrap">
          <Button type="submit" busy={save.isPending} disabled={missing}>
            Save
          </Button>
          {save.isSuccess ? <Saved /> : null}
        </CardFooter>
      </form>
    </Card>
  )
}

/** Connect the shop's WhatsApp number / Telegram bot, and set what the bot answers. */
export function ChannelsPage() {
  const qc = useQueryClient()
  const { data: me } = useMe()
  const list = useQuery({ queryKey: ['channels'], queryFn: () => call(channels.$get()) })
  const settings = useQuery({ queryKey: ['bot-settings'], queryFn: () => call(channels.settings.$get()) })
  const remove = useMutation({
    mutationFn: (id: string) => call(channels[':id'].$delete({ param: { id } })),
    onSuccess: () => {
      toast.success('Channel disconnected')
      qc.invalidateQueries({ queryKey: ['channels'] })
    },
    onError: toast.error,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['channels'] })
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Chat channels" description="Connect your WhatsApp number or Telegram bot so shoppers can browse and order in chat." className="mb-0" />
      <section className="flex flex-col gap-3" aria-labelledby="connected-heading">
        <h2 id="connected-heading" className="text-base font-semibold">
          Connected
        </h2>
        {list.isLoading ? (
          <Card>
            <SkeletonRows rows={1} label="Loading channels…" />
          </Card>
        ) : null}
        {list.error ? <ErrorNote error={list.error} action={<Button onClick={() => list.refetch()}>Try again</Button>} /> : null}
        {list.data && !list.data.items.length ? (
          <EmptyState title="No chat channel yet" icon={<MessageCircle aria-hidden="true" />}>
            Connect WhatsApp or Telegram below so shoppers can browse and order in chat.
          </EmptyState>
        ) : null}
        {list.data?.items.length ? (
          <Card>
            <ul className="divide-y">
              {list.data.items.map((c) => {
                const name = c.kind === 'whatsapp' ? 'WhatsApp' : 'Telegram'
                return (
                  <li key={c.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-4">
                    <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent text-accent-foreground">
                      {c.kind === 'whatsapp' ? <MessageCircle className="size-4" aria-hidden="true" /> : <Send className="size-4" aria-hidden="true" />}
                    </span>
                    <div className="flex min-w-0 flex-1 flex-col gap-0.5 text-sm">
                      <span className="flex flex-wrap items-center gap-2">
                        <strong className="font-semibold">{name}</strong>
                        <span className="truncate">{c.displayName || c.externalId}</span>
                        <Badge tone={c.enabled ? 'success' : 'neutral'}>{c.enabled ? 'connected' : 'off'}</Badge>
                      </span>
                      <span className="break-all text-xs text-muted-foreground">Webhook {c.webhookUrl}</span>
                    </div>
                    <ConfirmDialog
                      title={`Disconnect ${name}?`}
                      description="Shoppers' messages stop reaching the bot until you connect it again."
                      confirmLabel="Disconnect"
                      onConfirm={() => remove.mutateAsync(c.id)}
                    >
                      <Button variant="secondary" size="sm" className="text-destructive">
                        <Unplug aria-hidden="true" />
                        Disconnect
                      </Button>
                    </ConfirmDialog>
                  </li>
                )
              })}
            </ul>
          </Card>
        ) : null}
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <ConnectForm
          title="WhatsApp number"
          description="A WhatsApp Business number on the Cloud API."
          icon={<MessageCircle aria-hidden="true" />}
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
          description="A bot you made with @BotFather."
          icon={<Send aria-hidden="true" />}
          fields={[{ name: 'botToken', label: 'Bot token', type: 'password', hint: 'From @BotFather; we register the webhook for you' }]}
          submitLabel="Connect Telegram"
          connect={(json) => call(channels.telegram.$post({ json }))}
          onDone={refresh}
        />
      </div>
      {settings.isLoading ? (
        <Card>
          <CardContent className="flex flex-col gap-3" role="status" aria-busy="true">
            <span className="sr-only">Loading bot settings…</span>
            <Skeleton className="h-5 w-1/3" />
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </CardContent>
        </Card>
      ) : null}
      {settings.error ? <ErrorNote error={settings.error} /> : null}
      {settings.data ? <BotSettingsForm initial={settings.data.settings} /> : null}
      <TaughtPhrasesCard canEdit={hasRole(me, 'staff')} />
    </div>
  )
}
