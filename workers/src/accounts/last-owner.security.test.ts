import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

const url = (p: string) => `http://hub.test${p}`
const post = (p: string, json: unknown, headers: Record<string, string>) =>
  SELF.fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })
const owners = async (merchantId: string) =>
  (await query<{ n: number }>(sql`select count(*)::int as n from memberships where merchant_id = ${merchantId} and role = 'owner'`))[0].n

describe('the last owner of a shop', () => {
  it('cannot demote themselves by accepting their own viewer invite (409, still owner, invite unused)', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const invite = await post('/api/invites', { role: 'viewer' }, owner.headers)
    expect(invite.status).toBe(201)
    const { token, id } = (await invite.json()) as { token: string; id: string }
    const accept = await post('/api/invites/accept', { token }, owner.headers)
    expect(accept.status).toBe(409)
    expect(await owners(owner.merchantId)).toBe(1)
    const [row] = await query<{ accepted_at: string | null }>(sql`select accepted_at from invites where id = ${id}`)
    expect(row.accepted_at).toBeNull()
  })

  it('can accept a lower-role invite when another owner remains', async () => {
    const owner = await signedInMember({ role: 'owner' })
    await signedInMember({ merchantId: owner.merchantId, role: 'owner' })
    const { token } = (await (await post('/api/invites', { role: 'staff' }, owner.headers)).json()) as { token: string }
    expect((await post('/api/invites/accept', { token }, owner.headers)).status).toBe(200)
    expect(await owners(owner.merchantId)).toBe(1)
  })

  it('cannot be demoted or removed, even when two owners demote each other at the same time', async () => {
    const a = await signedInMember({ role: 'owner' })
    expect((await SELF.fetch(url(`/api/members/${a.userId}`), { method: 'DELETE', headers: a.headers })).status).toBe(409)
    const b = await signedInMember({ merchantId: a.merchantId, role: 'owner' })
    const patch = (actor: typeof a, target: string) =>
      SELF.fetch(url(`/api/members/${target}`), {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...actor.headers },
        body: JSON.stringify({ role: 'viewer' }),
      })
    const results = await Promise.all([patch(a, b.userId), patch(b, a.userId)])
    const statuses = results.map((r) => r.status).sort()
    // One demotion wins; the other sees the lock holder's result (409, or 403 once demoted).
    expect(statuses[0]).toBe(200)
    expect([403, 409]).toContain(statuses[1])
    expect(await owners(a.merchantId)).toBe(1)
  })
})
