/**
 * Sequence alignment of two sequences (Myers 1986, "An O(ND) difference algorithm", linear-space
 * middle-snake variant, as in GNU diff's analyze.c). Elements are compared through a callback on
 * their indices, so callers compare identity fields directly instead of building keys.
 */

/** One step of an alignment: a matched pair, or an element present on one side only. */
export type AlignStep = { a: number; b: number } | { a: number; b?: undefined } | { a?: undefined; b: number }

/**
 * Edit cost (number of diagonals explored) after which a sub-problem settles for the furthest-reaching
 * split instead of the optimal one. Alignments with fewer edits than this are minimal; beyond it the
 * work stays O((N+M)·limit) so two unrelated 100,000-event traces still align in bounded time.
 */
const TOO_EXPENSIVE = 512

/** True when element x of the first sequence and element y of the second are the same element. */
export type SameElement = (x: number, y: number) => boolean

/** Aligns two arrays of keys: a longest common subsequence of equal keys, the rest as one-sided steps. */
export function alignKeys(a: ArrayLike<number>, b: ArrayLike<number>): AlignStep[] {
  return alignBy(a.length, b.length, (x, y) => a[x] === b[y])
}

/** Aligns sequences of lengths `aLength` and `bLength` whose elements `same` compares. */
export function alignBy(aLength: number, bLength: number, same: SameElement): AlignStep[] {
  const partner = new Int32Array(aLength).fill(-1)
  const pending: Array<[number, number, number, number]> = [[0, aLength, 0, bLength]]
  let search: MiddleSnakeSearch | undefined
  // An explicit work list instead of recursion: a long edit script would otherwise overflow the stack.
  for (let range = pending.pop(); range; range = pending.pop()) {
    let [xlo, xhi, ylo, yhi] = range
    while (xlo < xhi && ylo < yhi && same(xlo, ylo)) partner[xlo++] = ylo++
    while (xlo < xhi && ylo < yhi && same(xhi - 1, yhi - 1)) partner[--xhi] = --yhi
    if (xlo === xhi || ylo === yhi) continue
    search ??= new MiddleSnakeSearch(aLength, bLength, same)
    const [xmid, ymid] = search.split(xlo, xhi, ylo, yhi)
    pending.push([xlo, xmid, ylo, ymid], [xmid, xhi, ymid, yhi])
  }
  return stepsFromPartners(partner, bLength)
}

/** Turns "a[x] matches b[partner[x]]" into steps; within a gap, a's elements come before b's. */
function stepsFromPartners(partner: Int32Array, bLength: number): AlignStep[] {
  const steps: AlignStep[] = []
  let y = 0
  for (let x = 0; x <= partner.length; x++) {
    const match = x < partner.length ? partner[x] : bLength
    if (match < 0) {
      steps.push({ a: x })
      continue
    }
    for (; y < match; y++) steps.push({ b: y })
    if (x < partner.length) steps.push({ a: x, b: y++ })
  }
  return steps
}

/** The forward and backward furthest-reaching paths, indexed by diagonal k = x - y (offset to be >= 0). */
class MiddleSnakeSearch {
  private readonly forward: Int32Array
  private readonly backward: Int32Array
  private readonly offset: number

  constructor(
    aLength: number,
    bLength: number,
    private readonly same: SameElement,
  ) {
    this.offset = bLength + 1
    this.forward = new Int32Array(aLength + bLength + 3)
    this.backward = new Int32Array(aLength + bLength + 3)
  }

  /**
   * A point (x, y) on an optimal (or, past TOO_EXPENSIVE, a good) edit path of a[xlo..xhi) vs b[ylo..yhi),
   * strictly splitting it so both halves are smaller. The ranges have no common prefix or suffix.
   */
  split(xlo: number, xhi: number, ylo: number, yhi: number): [number, number] {
    const { same, forward: fd, backward: bd, offset: o } = this
    const dmin = xlo - yhi
    const dmax = xhi - ylo
    const fmid = xlo - ylo
    const bmid = xhi - yhi
    const odd = ((fmid - bmid) & 1) !== 0
    let fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid
    fd[fmid + o] = xlo
    bd[bmid + o] = xhi
    for (let cost = 1; ; cost++) {
      if (fmin > dmin) fd[--fmin - 1 + o] = -1
      else fmin++
      if (fmax < dmax) fd[++fmax + 1 + o] = -1
      else fmax--
      for (let d = fmax; d >= fmin; d -= 2) {
        const lo = fd[d - 1 + o], hi = fd[d + 1 + o]
        let x = lo >= hi ? lo + 1 : hi
        let y = x - d
        while (x < xhi && y < yhi && same(x, y)) {
          x++
          y++
        }
        fd[d + o] = x
        if (odd && bmin <= d && d <= bmax && bd[d + o] <= x) return [x, y]
      }
      if (bmin > dmin) bd[--bmin - 1 + o] = 0x7fffffff
      else bmin++
      if (bmax < dmax) bd[++bmax + 1 + o] = 0x7fffffff
      else bmax--
      for (let d = bmax; d >= bmin; d -= 2) {
        const lo = bd[d - 1 + o], hi = bd[d + 1 + o]
        let x = lo < hi ? lo : hi - 1
        let y = x - d
        while (x > xlo && y > ylo && same(x - 1, y - 1)) {
          x--
          y--
        }
        bd[d + o] = x
        if (!odd && fmin <= d && d <= fmax && x <= fd[d + o]) return [x, y]
      }
      if (cost >= TOO_EXPENSIVE) return this.bestEffortSplit(xlo, xhi, ylo, yhi, fmin, fmax, bmin, bmax)
    }
  }

  /** GNU diff's heuristic: take whichever of the two frontiers got furthest from its corner. */
  private bestEffortSplit(
    xlo: number, xhi: number, ylo: number, yhi: number,
    fmin: number, fmax: number, bmin: number, bmax: number,
  ): [number, number] {
    const { forward: fd, backward: bd, offset: o } = this
    let fBest = -1, fx = xlo
    for (let d = fmax; d >= fmin; d -= 2) {
      const x = Math.min(fd[d + o], yhi + d)
      if (2 * x - d > fBest) {
        fBest = 2 * x - d
        fx = x
      }
    }
    let bBest = 0x7fffffff, bx = xhi
    for (let d = bmax; d >= bmin; d -= 2) {
      const x = Math.max(xlo, bd[d + o], ylo + d)
      if (2 * x - d < bBest) {
        bBest = 2 * x - d
        bx = x
      }
    }
    const split = fBest - (xlo + ylo) > xhi + yhi - bBest ? [fx, fBest - fx] : [bx, bBest - bx]
    return clampInside(split[0], split[1], xlo, xhi, ylo, yhi)
  }
}

/** A split at a corner would not shrink the problem; move it one step inside. */
function clampInside(x: number, y: number, xlo: number, xhi: number, ylo: number, yhi: number): [number, number] {
  if ((x === xlo && y === ylo) || (x === xhi && y === yhi)) {
    const midX = xlo + ((xhi - xlo) >> 1)
    const midY = ylo + ((yhi - ylo) >> 1)
    return [midX, midY]
  }
  return [x, y]
}
