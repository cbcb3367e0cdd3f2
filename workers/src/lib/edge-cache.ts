import { LRUCache } from 'lru-cache'

/** Where this request's edge cache lives (its origin) and how to finish work after the response. */
export type EdgeCache = { origin: string; waitUntil: (work: Promise<unknown>) => void }

/**
 * A small JSON value kept by the isolate for `memoryTtlMs`, in front of the data centre's edge
 * cache (`edgeTtlS`), else loaded (and then kept by both). `forget` drops both at once here; other
 * isolates and data centres see a change within the sum of the two TTLs. The isolate's copy saves
 * the cache lookup on a hot path (many shoppers opening the same link or shop in the same seconds).
 */
export function edgeJsonCache<T>(name: string, ttl: { memoryMs: number; edgeS: number }) {
  const memory = new LRUCache<string, { value: T }>({ max: 5_000, ttl: ttl.memoryMs })
  const request = (origin: string, key: string) => new Request(`${origin}/__cache/${name}/${key}`)
  return {
    async get(edge: EdgeCache, key: string, load: () => Promise<T>): Promise<T> {
      const memoryKey = `${edge.origin} ${key}`
      const remembered = memory.get(memoryKey)
      if (remembered) return remembered.value
      const hit = await caches.default.match(request(edge.origin, key))
      if (hit) {
        const value = (await hit.json()) as T
        memory.set(memoryKey, { value })
        return value
      }
      const value = await load()
      memory.set(memoryKey, { value })
      edge.waitUntil(caches.default.put(request(edge.origin, key), Response.json(value, { headers: { 'cache-control': `public, max-age=${ttl.edgeS}` } })))
      return value
    },
    async forget(origin: string, key: string) {
      memory.delete(`${origin} ${key}`)
      await caches.default.delete(request(origin, key))
    },
  }
}
