/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Memoises an async function by key, so work that side-by-side tasks share (writing one input to
 * disk and probing it, when two scenes use the same clip) runs once instead of racing on one file.
 */
export function onceByKey<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const started = new Map<string, Promise<T>>()
  return (key) => {
    let p = started.get(key)
    if (!p) {
      p = fn(key)
      started.set(key, p)
    }
    return p
  }
}
