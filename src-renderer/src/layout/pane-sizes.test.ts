import { describe, expect, it } from 'vitest'
import { defaultSizes, layoutKey, maximisedSizes } from './pane-sizes'

describe('pane sizes', () => {
  it('keys layouts by window size to the nearest 20 px', () => {
    expect(layoutKey(1280, 720)).toBe('1280x720')
    expect(layoutKey(1285, 711)).toBe('1280x720')
    expect(layoutKey(1920, 1080)).toBe('1920x1080')
  })
  it('gives each split sizes that add up to 100', () => {
    for (const sizes of Object.values(defaultSizes())) expect(sizes.reduce((a, b) => a + b)).toBe(100)
  })
  it('maximising the trace hides the library, the editor and the detail', () => {
    expect(maximisedSizes(defaultSizes(), 'trace')).toEqual({ outer: [0, 100], work: [0, 100], results: [100, 0] })
    expect(maximisedSizes(defaultSizes(), 'editor')).toEqual({ ...defaultSizes(), outer: [0, 100], work: [100, 0] })
  })
})
