/**
 * Delta debugging (Zeller & Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", 2002):
 * reduces `items` to a 1-minimal subset for which `test` still holds — removing any single remaining
 * item makes it fail. `test(items)` must hold on entry. Order is preserved; the result is
 * deterministic for a deterministic `test`.
 */
export function ddmin<T>(items: readonly T[], test: (subset: T[]) => boolean): T[] {
  const cache = new Map<string, boolean>()
  const index = new Map<T, number>(items.map((item, i) => [item, i]))
  const holds = (subset: T[]): boolean => {
    const key = subset.map((item) => index.get(item)).join(',')
    let result = cache.get(key)
    if (result === undefined) {
      result = test(subset)
      cache.set(key, result)
    }
    return result
  }

  let current = [...items]
  if (holds([])) return []
  let granularity = 2
  while (current.length >= 2) {
    const chunks = split(current, granularity)
    const reducedTo = chunks.find((chunk) => holds(chunk))
    if (reducedTo) {
      current = reducedTo
      granularity = 2
      continue
    }
    const complement = chunks.length > 2 ? chunks.map((_, i) => chunks.filter((_, j) => j !== i).flat()).find((c) => holds(c)) : undefined
    if (complement) {
      current = complement
      granularity = Math.max(granularity - 1, 2)
      continue
    }
    if (granularity >= current.length) break
    granularity = Math.min(granularity * 2, current.length)
  }
  return current
}

/** Splits into `n` contiguous chunks of near-equal size (the first ones one longer). */
function split<T>(items: T[], n: number): T[][] {
  const chunks: T[][] = []
  let start = 0
  for (let i = 0; i < n; i++) {
    const size = Math.floor(items.length / n) + (i < items.length % n ? 1 : 0)
    chunks.push(items.slice(start, start + size))
    start += size
  }
  return chunks
}
