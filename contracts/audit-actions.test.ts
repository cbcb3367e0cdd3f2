import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTION_LABELS, auditActionLabel, isKnownAuditAction } from './audit-actions'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
}

/** Every action string the Worker passes to writeAudit: literal ones, and `product.bulk.<type>` per bulk action type. */
function writtenActions(): string[] {
  const found = new Set<string>()
  for (const file of sources('workers/src')) {
    const text = readFileSync(file, 'utf8')
    if (!text.includes('writeAudit')) continue
    for (const m of text.matchAll(/action:\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1])
    for (const m of text.matchAll(/action:\s*`([a-z_.]+)\$\{/g)) {
      // A templated action (product.bulk.${action.type}): one per member of the BulkAction union.
      const union = readFileSync(path.join(root, 'db/queries/products.ts'), 'utf8').match(/export type BulkAction =([\s\S]*?)\n\n/)?.[1] ?? ''
      const types = [...union.matchAll(/type: '([a-z_]+)'/g)].map((t) => t[1])
      expect(types.length, `${m[1]}… has no BulkAction types`).toBeGreaterThan(0)
      for (const t of types) found.add(`${m[1]}${t}`)
    }
  }
  return [...found].sort()
}

describe('audit action labels', () => {
  it('has a sentence for every action the Worker writes, and none for actions it no longer writes', () => {
    const written = writtenActions()
    expect(written).toContain('shop.update')
    expect(written).toContain('product.approve')
    expect(written.filter((a) => !isKnownAuditAction(a))).toEqual([])
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual(written)
  })

  it('reads the common ones as a person would say them', () => {
    expect(auditActionLabel('shop.update')).toBe('Updated shop settings')
    expect(auditActionLabel('product.approve', { proposalId: 'x' })).toBe('Approved a product from a video')
    expect(auditActionLabel('proposal.reject')).toBe('Rejected a product proposal from a video')
    expect(auditActionLabel('product.image.add')).toBe('Added a photo to a product')
    expect(auditActionLabel('member.role', { from: 'staff', to: 'owner' })).toBe("Changed a member's role to owner")
  })

  it('makes bulk and import entries specific from their changes', () => {
    expect(auditActionLabel('product.bulk.set_status', { type: 'set_status', status: 'published', ids: ['a', 'b', 'c'] })).toBe('Published 3 products')
    expect(auditActionLabel('product.bulk.set_status', { status: 'archived', ids: ['a'] })).toBe('Archived 1 product')
    expect(auditActionLabel('product.bulk.delete', { ids: ['a', 'b'] })).toBe('Deleted 2 products')
    expect(auditActionLabel('product.bulk.add_tags', { tags: ['x'], ids: ['a'] })).toBe('Added tags to 1 product')
    expect(auditActionLabel('product.bulk.change_price')).toBe('Changed the prices of several products')
    expect(auditActionLabel('product.import', { created: 2, updated: 5, slugs: [] })).toBe('Imported 2 new and 5 updated products from a CSV file')
    expect(auditActionLabel('product.import', { created: 1, updated: 0 })).toBe('Imported 1 new product from a CSV file')
  })

  it('never shows a raw action code, even for one it does not know', () => {
    expect(auditActionLabel('order.refund')).toBe('Did something: order refund')
    expect(auditActionLabel('')).toBe('Did something')
    for (const action of Object.keys(AUDIT_ACTION_LABELS)) expect(auditActionLabel(action)).not.toMatch(/[._]/)
  })
})
