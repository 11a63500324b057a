// The three splitters' pane sizes (percent of their container), their defaults, and what maximising a pane sets.

/** `outer`: library | workbench; `work`: editor / results; `results`: trace | row detail. */
export type SplitId = 'outer' | 'work' | 'results'
export type PaneId = 'library' | 'workbench' | 'editor' | 'trace' | 'detail'
export type PaneSizes = Record<SplitId, number[]>

/** Layouts are remembered per window size, to the nearest 20 px (a resize by a scrollbar's width keeps them). */
export function layoutKey(width: number, height: number): string {
  const round = (n: number) => Math.round(n / 20) * 20
  return `${round(width)}x${round(height)}`
}

/**
 * Sized so that at 1280×720 the trace shows at least 12 rows after Run (and with the bisect line open), and at
 * 1920×1080 at least 25: the editor takes under a third of the height below the run controls.
 */
export function defaultSizes(): PaneSizes {
  return { outer: [14, 86], work: [30, 70], results: [72, 28] }
}

/** The pane takes its whole split and every split that contains it. */
export function maximisedSizes(from: PaneSizes, pane: PaneId): PaneSizes {
  switch (pane) {
    case 'library':
      return { ...from, outer: [100, 0] }
    case 'workbench':
      return { ...from, outer: [0, 100] }
    case 'editor':
      return { ...from, outer: [0, 100], work: [100, 0] }
    case 'trace':
      return { outer: [0, 100], work: [0, 100], results: [100, 0] }
    case 'detail':
      return { outer: [0, 100], work: [0, 100], results: [0, 100] }
  }
}
