import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { GraduationCap, Trash2 } from 'lucide-react'
import { useState } from 'react'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  Dialog,
  DialogClose,
  DialogContent,
  DialogTrigger,
  EmptyState,
  ErrorNote,
  Field,
  Select,
  SkeletonRows,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'

const taughtPhrases = client.api.bot['taught-phrases']
type TaughtPhrase = InferResponseType<typeof taughtPhrases.$get, 200>['items'][number]
export type Intent = TaughtPhrase['intent']

/** What each intent means, in the merchant's words, with what the bot then does. */
export const INTENT_LABELS: Record<Intent, string> = {
  greeting: 'Saying hello',
  browse_catalog: 'Wants to see the catalogue',
  search_product: 'Looking for a product',
  product_question: 'Asking about a product',
  price_question: 'Asking a price',
  availability_question: 'Asking if it is in stock',
  offers_question: 'Asking about offers or discounts',
  payment_question: 'Asking how to pay',
  delivery_question: 'Asking about delivery',
  order_status: 'Chasing an order',
  cancel_order: 'Cancelling an order',
  return_exchange: 'Returning or exchanging',
  store_location: 'Asking where the shop is',
  human_handoff: 'Wants a person',
  opt_out: 'Wants no more messages',
  out_of_scope: 'Not something the shop answers',
}
const INTENT_OPTIONS = (Object.entries(INTENT_LABELS) as [Intent, string][]).map(([value, label]) => ({ value, label }))

function useTeach() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (json: { text: string; intent: Intent }) => call(taughtPhrases.$post({ json })),
    onSuccess: (r) => {
      toast.success(`Taught: messages like “${r.phrase.text}” now read as ${INTENT_LABELS[r.phrase.intent].toLowerCase()}.`)
      qc.invalidateQueries({ queryKey: ['taught-phrases'] })
      qc.invalidateQueries({ queryKey: ['inbox'] })
    },
  })
}

/**
 * "Teach the bot" on one shopper message in the inbox: the merchant says what the shopper meant,
 * and the bot reads messages like it that way from then on.
 */
export function TeachMessage({ text, current }: { text: string; current: Intent }) {
  const [open, setOpen] = useState(false)
  const [intent, setIntent] = useState<Intent>(current)
  const teach = useTeach()
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) setIntent(current)
      }}
    >
      <DialogTrigger asChild>
        <button type="button" className="font-medium underline underline-offset-2 hover:text-foreground" data-testid="teach-message">
          Teach
        </button>
      </DialogTrigger>
      <DialogContent title="Teach the bot" description={`When shoppers write “${text}”, they mean:`}>
        <form
          className="flex flex-col gap-4"
          onSubmit={async (e) => {
            e.preventDefault()
            await teach.mutateAsync({ text, intent }).then(() => setOpen(false), toast.error)
          }}
        >
          <Select label="Meaning" options={INTENT_OPTIONS} value={intent} onValueChange={setIntent} data-testid="teach-intent" />
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" busy={teach.isPending} data-testid="teach-save">
              <GraduationCap aria-hidden="true" /> Teach the bot
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}

/** The shop's taught phrases: what they are, a form to add one, and forgetting. */
export function TaughtPhrasesCard({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient()
  const list = useQuery({ queryKey: ['taught-phrases'], queryFn: () => call(taughtPhrases.$get()) })
  const [text, setText] = useState('')
  const [intent, setIntent] = useState<Intent>('search_product')
  const teach = useTeach()
  const forget = useMutation({
    mutationFn: (id: string) => call(taughtPhrases[':id'].$delete({ param: { id } })),
    onSuccess: () => {
      toast.success('Phrase forgotten')
      qc.invalidateQueries({ queryKey: ['taught-phrases'] })
    },
    onError: toast.error,
  })
  const unsure = useQuery({ queryKey: ['taught-phrases', 'unsure'], queryFn: () => call(taughtPhrases.unsure.$get()), enabled: canEdit })
  const errors = fieldErrors(teach.error)
  const items: TaughtPhrase[] = list.data?.items ?? []
  return (
    <Card data-testid="taught-phrases">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <GraduationCap className="size-4 text-muted-foreground" aria-hidden="true" />
          Words your shoppers use
        </CardTitle>
        <CardDescription>
          Teach the bot your shop's own words: a product line, a payment plan, a local way of asking. Messages like a taught phrase are read the way you say.
          You can also teach from any shopper message in the inbox.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {list.isLoading ? <SkeletonRows rows={2} label="Loading taught phrases…" /> : null}
        {list.error ? <ErrorNote error={list.error} /> : null}
        {list.data && !items.length ? (
          <EmptyState title="Nothing taught yet" icon={<GraduationCap aria-hidden="true" />}>
            The bot reads shoppers with general shop language. Add the words only your shop uses.
          </EmptyState>
        ) : null}
        {items.length ? (
          <ul className="divide-y rounded-md border" aria-label="Taught phrases">
            {items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                <span className="min-w-0 basis-full break-words font-medium sm:basis-0 sm:flex-1">“{p.text}”</span>
                <Badge tone="neutral">{INTENT_LABELS[p.intent]}</Badge>
                {canEdit ? (
                  <ConfirmDialog
                    title="Forget this phrase?"
                    description={`The bot goes back to reading “${p.text}” on its own.`}
                    confirmLabel="Forget"
                    onConfirm={() => forget.mutateAsync(p.id)}
                  >
                    <Button variant="ghost" size="sm" className="ml-auto sm:ml-0" aria-label={`Forget “${p.text}”`}>
                      <Trash2 aria-hidden="true" />
                    </Button>
                  </ConfirmDialog>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {canEdit && unsure.data?.items.length ? (
          <section className="flex flex-col gap-2" aria-labelledby="unsure-heading" data-testid="unsure-messages">
            <h3 id="unsure-heading" className="text-sm font-semibold">
              Messages the bot was unsure of
            </h3>
            <p className="text-xs text-muted-foreground">From the last 30 days. Teach the ones it read wrong; each one helps it with messages like it.</p>
            <ul className="divide-y rounded-md border">
              {unsure.data.items.map((m) => (
                <li key={m.id} className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:items-center sm:gap-3">
                  <span className="min-w-0 break-words sm:flex-1">“{m.text}”</span>
                  <span className="flex items-center gap-3 text-xs text-muted-foreground">
                    read as {INTENT_LABELS[m.intent].toLowerCase()}
                    <span className="text-foreground">
                      <TeachMessage text={m.text} current={m.intent} />
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </CardContent>
      {canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) teach.mutate({ text, intent }, { onSuccess: () => setText('') })
          }}
        >
          <CardFooter className="grid items-end gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,16rem)_auto]">
            <Field
              label="When shoppers write"
              placeholder="e.g. Lipa pole pole"
              value={text}
              maxLength={300}
              onChange={(e) => setText(e.target.value)}
              error={errors.text ?? (teach.error && !errors.text && !errors.intent ? teach.error.message : undefined)}
              data-testid="teach-text"
            />
            <Select label="they mean" options={INTENT_OPTIONS} value={intent} onValueChange={setIntent} />
            <Button type="submit" busy={teach.isPending} disabled={!text.trim()} data-testid="teach-add">
              Teach
            </Button>
          </CardFooter>
        </form>
      ) : null}
    </Card>
  )
}
