import { createHmac } from 'node:crypto'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_LOGIN } from '../../scripts/lib/seed'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

// The hub's dev secret (scripts/lib/hub.ts writes it to .dev.vars), as Meta would sign with it.
const APP_SECRET = 'dev-whatsapp-app-secret'
const hub = () => inject('hubUrl')
const graph = () => inject('hubFakes').whatsapp

type GraphCall = { path: string; body: Record<string, any> }
let seq = 0

async function deliver(phoneNumberId: string, from: string, message: Record<string, unknown>) {
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '2348000000000', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Chioma' }, wa_id: from }],
              messages: [{ from, id: `wamid.E2E${Date.now()}${++seq}`, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  }
  const body = JSON.stringify(payload)
  const res = await fetch(`${hub()}/webhooks/whatsapp`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
  })
  expect(res.status).toBe(200)
}

async function sent(phoneNumberId: string, to: string): Promise<GraphCall[]> {
  const calls = (await (await fetch(`${graph()}/__calls`)).json()) as GraphCall[]
  return calls.filter((c) => c.path.endsWith(`/${phoneNumberId}/messages`) && c.body?.to === to)
}

/** Sends a shopper message and waits for the bot's next reply at the fake Graph API. */
async function turn(phoneNumberId: string, from: string, message: Record<string, unknown>): Promise<GraphCall> {
  const before = (await sent(phoneNumberId, from)).length
  await deliver(phoneNumberId, from, message)
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const calls = await sent(phoneNumberId, from)
    if (calls.length > before) return calls[calls.length - 1]
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no reply to ${JSON.stringify(message)}`)
}

const text = (body: string) => ({ type: 'text', text: { body } })
const tap = (id: string, kind: 'button_reply' | 'list_reply' = 'button_reply') => ({
  type: 'interactive',
  interactive: { type: kind, [kind]: { id, title: id } },
})
const textOf = (c: GraphCall) => c.body.text?.body ?? c.body.interactive?.body?.text ?? ''

describe('WhatsApp shopper to merchant dashboard, end to end', () => {
  let browser: Browser
  let context: BrowserContext
  const phoneNumberId = `10${Date.now()}`
  const shopper = `23480${String(Date.now()).slice(-8)}`

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext(DESKTOP)
    const login = await context.request.post(`${hub()}/api/auth/login`, { data: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password } })
    expect(login.status()).toBe(200)
    const connect = await context.request.post(`${hub()}/api/channels/whatsapp`, {
      data: { phoneNumberId, accessToken: 'EAAG-e2e-access-token-0123456789', displayName: 'Demo' },
    })
    expect(connect.status()).toBe(201)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('search "red sneakers under 5000" → size 42 → cash on delivery → the merchant ships it → the shopper is told', async () => {
    const card = await turn(phoneNumberId, shopper, text('red sneakers under 5000'))
    // The demo seed has no product photos, so the card is buttons without an image header (the workerd tests cover the image).
    expect(card.body.type, JSON.stringify(card.body)).toBe('interactive')
    expect(textOf(card)).toContain('Red Runner Sneakers')
    expect(textOf(card)).toContain('₦4,500')
    const addId = card.body.interactive.action.buttons.find((b: { reply: { title: string } }) => b.reply.title === 'Add to cart').reply.id

    const options = await turn(phoneNumberId, shopper, tap(addId))
    expect(options.body.interactive.type).toBe('list')
    const rows = options.body.interactive.action.sections[0].rows as { id: string; title: string }[]
    const size42 = rows.find((r) => r.title === '42')
    expect(size42).toBeTruthy()

    const added = await turn(phoneNumberId, shopper, tap(size42!.id, 'list_reply'))
    expect(textOf(added)).toContain('Added Red Runner Sneakers (42) to your cart')
    expect(textOf(await turn(phoneNumberId, shopper, tap('checkout')))).toContain('What name')
    expect(textOf(await turn(phoneNumberId, shopper, text('Chioma Eze')))).toContain('Delivery or pickup')
    expect(textOf(await turn(phoneNumberId, shopper, tap('dm:delivery')))).toContain('delivery address')
    const pay = await turn(phoneNumberId, shopper, text('12 Admiralty Way, Lekki, Lagos'))
    expect(pay.body.interactive.action.buttons.map((b: { reply: { id: string } }) => b.reply.id)).toContain('pay:cash_on_delivery')
    const summary = await turn(phoneNumberId, shopper, tap('pay:cash_on_delivery'))
    expect(textOf(summary)).toContain('Delivery to: 12 Admiralty Way, Lekki, Lagos')
    const confirmation = await turn(phoneNumberId, shopper, tap('confirm'))
    const number = textOf(confirmation).match(/order #(\d+) is placed/)?.[1]
    expect(number, textOf(confirmation)).toBeTruthy()
    expect(textOf(confirmation)).toContain('Total: ₦4,500 (Cash on delivery)')

    // The merchant sees the order in the dashboard and marks it shipped.
    const page = await context.newPage()
    await page.goto(`${hub()}/orders`)
    const card42 = page.locator(`[data-testid="order"][data-number="${number}"]`)
    await card42.waitFor({ timeout: 15_000 })
    expect(await card42.textContent()).toContain('Red Runner Sneakers (42) × 1')
    expect(await card42.textContent()).toContain('Chioma Eze')
    await screenshot(page, 'bot-orders-desktop')
    await card42.getByLabel('Status').selectOption('shipped')
    await card42.getByRole('button', { name: 'Update and tell the shopper' }).click()
    await expect.poll(() => card42.getByTestId('order-status').textContent(), { timeout: 10_000 }).toBe('shipped')

    const deadline = Date.now() + 20_000
    let update: GraphCall | undefined
    while (!update && Date.now() < deadline) {
      update = (await sent(phoneNumberId, shopper)).find((c) => textOf(c).includes(`order #${number}`) && textOf(c).includes('has shipped'))
      if (!update) await new Promise((r) => setTimeout(r, 200))
    }
    expect(update, 'the shipped update reached the shopper').toBeTruthy()

    // The inbox shows the conversation and its transcript, on a desktop and on a phone.
    await page.goto(`${hub()}/inbox`)
    await page.getByTestId('conversation').filter({ hasText: 'Chioma' }).first().click()
    await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout: 10_000 }).toContain('has shipped')
    await screenshot(page, 'bot-inbox-desktop')
    await page.close()

    const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() })
    const mobile = await phone.newPage()
    await mobile.goto(`${hub()}/inbox`)
    await mobile.getByTestId('conversation').filter({ hasText: 'Chioma' }).first().click()
    await expect.poll(() => mobile.getByTestId('transcript').textContent(), { timeout: 10_000 }).toContain('red sneakers under 5000')
    await screenshot(mobile, 'bot-inbox-phone')
    await mobile.goto(`${hub()}/orders`)
    await mobile.locator(`[data-testid="order"][data-number="${number}"]`).waitFor()
    await screenshot(mobile, 'bot-orders-phone')
    await phone.close()
  })

  it("the merchant teaches the bot a shop word from the inbox, and the shopper's next message is read that way", async () => {
    const customer = `23481${String(Date.now()).slice(-8)}`
    const first = await turn(phoneNumberId, customer, text('zuri credit?'))
    expect(textOf(first)).not.toMatch(/pay|accept/i) // untaught: a product search for the shop's own word

    const page = await context.newPage()
    await page.goto(`${hub()}/inbox`)
    await page.getByTestId('conversation').filter({ hasText: 'Chioma' }).first().click()
    const read = page.getByTestId('understood').first()
    await expect.poll(() => read.textContent(), { timeout: 10_000 }).toContain('Bot read: looking for a product')
    await read.getByTestId('teach-message').click()
    const dialog = page.getByRole('dialog', { name: 'Teach the bot' })
    expect(await dialog.textContent()).toContain('When shoppers write “zuri credit?”, they mean:')
    await dialog.getByRole('combobox', { name: 'Meaning' }).click()
    await page.getByRole('option', { name: 'Asking how to pay' }).click()
    await screenshot(page, 'bot-teach-dialog-desktop')
    await dialog.getByTestId('teach-save').click()
    await dialog.waitFor({ state: 'hidden' })

    const second = await turn(phoneNumberId, customer, text('Zuri credit'))
    expect(textOf(second)).toMatch(/pay|accept|cash/i)
    await expect.poll(() => page.getByTestId('understood').last().textContent(), { timeout: 10_000 }).toContain('asking how to pay (taught)')
    await screenshot(page, 'bot-inbox-taught-desktop')

    // The Chat channels page lists what was taught and what to teach next, on a phone too.
    await turn(phoneNumberId, customer, text('what is the weather in Lagos tomorrow'))
    await page.goto(`${hub()}/channels`)
    const card = page.getByTestId('taught-phrases')
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('“zuri credit?”')
    expect(await card.textContent()).toContain('Asking how to pay')
    const unsure = card.getByTestId('unsure-messages')
    await expect.poll(() => unsure.textContent(), { timeout: 10_000 }).toContain('“what is the weather in Lagos tomorrow”')
    expect(await unsure.textContent()).toContain('read as not something the shop answers')
    expect(await unsure.textContent()).not.toContain('zuri credit')
    await screenshot(card, 'bot-taught-phrases-desktop')
    await page.close()
    const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() })
    const mobile = await phone.newPage()
    await mobile.goto(`${hub()}/channels`)
    await screenshot(mobile.getByTestId('taught-phrases'), 'bot-taught-phrases-phone')
    await phone.close()
  })
})
