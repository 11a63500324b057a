import type { DivergenceSignature } from './signature'

/** One fuzz case whose two runs diverged. */
export interface Divergence {
  index: number
  signature: DivergenceSignature
}

/** Divergences that share a signature. */
export interface Cluster {
  signature: DivergenceSignature
  count: number
  /** The lowest case index with this signature: the one that gets minimized. */
  first: number
}

/**
 * Groups divergences by signature key. Clusters are ordered by their first case index, so the
 * result depends only on which cases were run, never on the order workers reported them in.
 */
export function clusterDivergences(divergences: Iterable<Divergence>): Cluster[] {
  const byKey = new Map<string, Cluster>()
  for (const d of divergences) {
    const cluster = byKey.get(d.signature.key)
    if (!cluster) byKey.set(d.signature.key, { signature: d.signature, count: 1, first: d.index })
    else {
      cluster.count++
      if (d.index < cluster.first) cluster.first = d.index
    }
  }
  return [...byKey.values()].sort((x, y) => x.first - y.first)
}
