import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { newShopperNumber, newWamid, postWhatsApp, waPayload } from '../bot/test-kit'
import { createLogger } from '../lib/logger'
import { sweepPrivacy } from './sweep-privacy'
import { listKeys, merchantTables, OWNER_PASSWORD, ownerWithPassword, rowsPerTable, seedWholeShop } from './test-kit'

const json = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  SELF.fetch(`http://hub.test${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const sweep = (now: Date) => withDb((db) => sweepPrivacy({ db, env, log: createLogger('error') }, now, { retentionOnly: [] }))

/** Ids of every row of the shop in each table that has an `id` column, to follow foreign keys after the purge. */
async function idsByTable(merchantId: string, tables: string[]) {
  const out: Record<string, string[]> = {}
  for (const t of tables) {
    const [hasId] = await query<{ n: number }>(
      sql`select count(*)::int as n from information_schema.columns where table_schema = 'public' and table_name = ${t} and column_name = 'id'`,
    )
    if (!Number(hasId.n)) continue
    out[t] = (await query<{ id: string }>(sql`select id::text as id from ${sql.raw(`"${t}"`)} where merchant_id = ${merchantId}`)).map((r) => r.id)
  }
  out.merchants = [merchantId]
  return out
}

describe('shop deletion', () => {
  it('asks for the shop name and password, stops the storefront, links and bot at once, and can be cancelled', async () => {
    const shop = await seedWholeShop()
    const owner = await ownerWithPassword(shop.merchantId)
    const [{ name }] = await query<{ name: string }>(sql`select name from merchants where id = ${shop.merchantId}`)
    await query(sql`update products set status = 'published' where merchant_id = ${shop.merchantId}`)
    expect((await SELF.fetch(`http://hub.test/@${shop.slug}`)).status).toBe(200)
    expect((await SELF.fetch(`http://hub.test/@${shop.slug}/p/red-runner-sneakers`)).status).toBe(200)
    expect((await SELF.fetch(`http://hub.test/l/${shop.linkCode}`, { redirect: 'manual' })).status).not.toBe(404)

    const wrongName = await json('POST', '/api/privacy/deletion', owner.headers, { confirmName: 'Not my shop', password: OWNER_PASSWORD })
    expect(wrongName.status).toBe(400)
    const wrongPassword = await json('POST', '/api/privacy/deletion', owner.headers, { confirmName: name, password: 'guess' })
    expect(wrongPassword.status).toBe(403)
    expect(((await (await json('GET', '/api/privacy/deletion', owner.headers)).json()) as { scheduled: boolean }).scheduled).toBe(false)

    const ok = await json('POST', '/api/privacy/deletion', owner.headers, { confirmName: name, password: OWNER_PASSWORD })
    expect(ok.status).toBe(200)
    const scheduled = (await ok.json()) as { scheduled: boolean; purgeAfter: string }
    expect(scheduled.scheduled).toBe(true)
    expect(new Date(scheduled.purgeAfter).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000)

    // Stopped at once: the storefront and short links are gone, and the bot no longer answers.
    expect((await SELF.fetch(`http://hub.test/@${shop.slug}`)).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/@${shop.slug}/p/red-runner-sneakers`)).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/l/${shop.linkCode}`, { redirect: 'manual' })).status).toBe(404)
    const wamid = newWamid()
    await postWhatsApp(waPayload('text', { phoneNumberId: shop.phoneNumberId, from: newShopperNumber(), id: wamid, text: 'hi' }))
    const job = await eventually(async () => {
      const [j] = await query<{ status: string; result: { skipped?: string } | null }>(
        sql`select status, result from jobs where type = 'bot.inbound' and payload->'event'->>'externalId' = ${wamid}`,
      )
      return j?.status === 'succeeded' ? j : null
    })
    expect(job.result?.skipped).toBe('unknown_channel')
    // A sweep inside the grace period removes nothing.
    await sweep(new Date(Date.now() + 6 * 86_400_000))
    expect((await rowsPerTable(shop.merchantId)).products).toBe(3)

    const cancelled = await json('DELETE', '/api/privacy/deletion', owner.headers)
    expect(cancelled.status).toBe(200)
    expect(((await cancelled.json()) as { scheduled: boolean }).scheduled).toBe(false)
    expect((await SELF.fetch(`http://hub.test/@${shop.slug}`)).status).toBe(200)
    expect((await json('DELETE', '/api/privacy/deletion', owner.headers)).status).toBe(409)
    const actions = await query<{ action: string }>(sql`select action from audit_log where merchant_id = ${shop.merchantId} order by created_at`)
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['shop.deletion_requested', 'shop.deletion_cancelled']))
  })

  it('after the grace period the sweep leaves no row in any table and no object under the shop’s prefixes; other shops are untouched', async () => {
    const shop = await seedWholeShop()
    const other = await seedWholeShop()
    const owner = await ownerWithPassword(shop.merchantId)
    await ownerWithPassword(other.merchantId)
    const [{ name }] = await query<{ name: string }>(sql`select name from merchants where id = ${shop.merchantId}`)
    expect((await json('POST', '/api/privacy/deletion', owner.headers, { confirmName: name, password: OWNER_PASSWORD })).status).toBe(200)

    const tables = await merchantTables()
    const before = await rowsPerTable(shop.merchantId)
    const otherBefore = await rowsPerTable(other.merchantId)
    // The seed reaches every table that holds shop data, so "nothing left" means something.
    const empty = Object.entries(before).filter(([, n]) => n === 0)
    expect(empty.map(([t]) => t)).toEqual([])
    const ids = await idsByTable(shop.merchantId, tables)
    expect((await listKeys(`m/${shop.merchantId}/`)).length).toBe(3)

    const summary = await sweep(new Date(Date.now() + 7 * 86_400_000 + 60_000))
    expect(summary.shopsPurged).toBeGreaterThanOrEqual(1)

    // Every table with a merchant_id: zero rows of the deleted shop.
    const after = await rowsPerTable(shop.merchantId)
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([])
    // Every foreign key (any column name) that points at a table of shop rows: none still points at one of them.
    const fks = await query<{ table_name: string; column_name: string; foreign_table: string }>(
      sql`select kcu.table_name, kcu.column_name, ccu.table_name as foreign_table
          from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
          join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
    )
    expect(fks.length).toBeGreaterThan(10)
    for (const fk of fks) {
      const targets = ids[fk.foreign_table]
      if (!targets?.length) continue
      const [r] = await query<{ n: number }>(
        sql`select count(*)::int as n from ${sql.raw(`"${fk.table_name}"`)} where ${sql.raw(`"${fk.column_name}"`)}::text in (select jsonb_array_elements_text(${JSON.stringify(targets)}::jsonb))`,
      )
      expect(Number(r.n), `${fk.table_name}.${fk.column_name} → ${fk.foreign_table}`).toBe(0)
    }
    // Queue rows that name the shop's channel or its shopper (inbound jobs carry no merchant_id): none.
    expect(await query(sql`select id from jobs where payload::text like ${`%${shop.phoneNumberId}%`} or payload::text like ${`%${shop.shopper}%`}`)).toEqual([])
    // The bucket: nothing under the shop's prefixes, and the recorded key outside them is gone too.
    expect(await listKeys(`m/${shop.merchantId}/`)).toEqual([])
    expect(await listKeys(`exports/${shop.merchantId}/`)).toEqual([])
    expect(await env.MEDIA.head(shop.imageKey)).toBeNull()

    // The other shop: every row and object still there.
    expect(await rowsPerTable(other.merchantId)).toEqual(otherBefore)
    expect((await listKeys(`m/${other.merchantId}/`)).length).toBe(3)
    expect(await env.MEDIA.head(other.imageKey)).not.toBeNull()
    // The owner's account stays (people are not shop data); they are simply in no shop.
    expect(await query(sql`select 1 from users where id = ${owner.userId}`)).toHaveLength(1)
  })

  it('is for owners with a session only; staff get 403', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    expect((await json('POST', '/api/privacy/deletion', staff.headers, { confirmName: 'x', password: 'y' })).status).toBe(403)
    expect((await json('DELETE', '/api/privacy/deletion', staff.headers)).status).toBe(403)
    expect((await json('GET', '/api/privacy/deletion', staff.headers)).status).toBe(403)
  })
})
